// Redocly plugin: the build-time steps that turn the spec into one edition of the docs.
// Registered in ../redocly.yaml; each decorator runs after the edition's overlay is applied.

import { addCodeSamples } from '../src/code-samples.js';
import { edition, editions } from '../src/editions.js';

/** A line at the top of the page that names this edition and links to the others. */
function editionLinks(current) {
  return editions
    .map((e) => (e.id === current ? `**${e.label}**` : `[${e.label}](../${e.id}/index.html)`))
    .join(' · ');
}

export default function cozeDocs() {
  return {
    id: 'coze-docs',
    decorators: {
      oas3: {
        /** Adds `x-codeSamples` (curl, TypeScript, openapi-fetch, Python) to every operation. */
        'code-samples': ({ edition: id }) => ({
          Root: {
            leave(root) {
              addCodeSamples(root, edition(id).id);
            },
          },
        }),
        /** Puts the links between the editions at the top of `info.description`. */
        'edition-links': ({ edition: id }) => ({
          Root: {
            leave(root) {
              root.info.description = `${editionLinks(edition(id).id)}\n\n${root.info.description ?? ''}`;
            },
          },
        }),
      },
    },
  };
}
