// Redocly plugin: the build-time steps that turn the spec into one edition of the docs.
// Registered in ../redocly.yaml; each decorator runs after the edition's overlay is applied.

import { addCodeSamples } from '../src/code-samples.js';
import { edition, editions } from '../src/editions.js';
import { anchorSections } from '../src/section-anchors.js';

/** A line at the top of the page that names this edition and links to the others. */
function editionLinks(current) {
  return editions
    .map((e) => (e.id === current ? `**${e.label}**` : `[${e.label}](../${e.id}/index.html)`))
    .join(' · ');
}

/** What the "Try it" link says, per edition. */
const TRY_IT = { en: 'Try it in the API debug console', zh: '在 API 调试工具中试用' };

/**
 * A link to the operation in the API debug console (packages/debug-console), which is published beside the
 * editions as console/ and which `pnpm debug` serves the same way.
 */
function tryItLink(current, operationId) {
  return `[${TRY_IT[current]} →](../console/?lang=${current}#${encodeURIComponent(operationId)})`;
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
        /** Ends every operation's description with a "Try it" link to the debug console. */
        'try-it': ({ edition: id }) => ({
          Operation: {
            leave(operation) {
              const link = tryItLink(edition(id).id, operation.operationId);
              operation.description = operation.description ? `${operation.description.trimEnd()}\n\n${link}\n` : link;
            },
          },
        }),
        /**
         * Gives the guide sections of `info.description` the anchors of the English edition, in every edition, so
         * that a link to a section (and the language switch) lands on the same section whatever the language.
         */
        'section-anchors': () => ({
          Root: {
            leave(root) {
              root.info.description = anchorSections(root.info.description ?? '');
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
