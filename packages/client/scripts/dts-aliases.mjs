// A build plugin for tsdown: when several modules import the same type from an external package, the bundled
// declaration file imports it once per module, under invented names (`import { RequestOptions, RequestOptions as
// RequestOptions$1 } from "@coze/runtime"`), and public signatures then read `options?: RequestOptions$1`. This
// folds each such alias back into the name it aliases, which is the same declaration; likewise an inferred type
// written through a namespace import (`_$_coze_runtime0.APIPromise<Chat>`) when the name is imported as well.

const IMPORT = /^import (type )?\{([^}]*)\} from ("[^"]+"|'[^']+');$/gm;
const escape = (text) => text.replace(/[$]/g, '\\$&');

/** Folds `X as X$n` into `X` where the same statement also imports `X`. */
export function mergeImportAliases(code) {
  const renames = [];
  const merged = code.replace(IMPORT, (statement, type = '', list, from) => {
    const specifiers = list.split(',').map((s) => s.trim()).filter(Boolean);
    const plain = new Set(specifiers.filter((s) => !s.includes(' as ')));
    const kept = specifiers.filter((specifier) => {
      const alias = /^(\w+) as (\w+\$\d+)$/.exec(specifier);
      if (!alias || !plain.has(alias[1])) return true;
      renames.push([alias[2], alias[1]]);
      return false;
    });
    return kept.length === specifiers.length ? statement : `import ${type}{ ${kept.join(', ')} } from ${from};`;
  });
  const unaliased = renames.reduce(
    (text, [alias, name]) => text.replace(new RegExp(`(?<![\\w$])${escape(alias)}(?![\\w$])`, 'g'), name),
    merged,
  );
  return foldNamespaceImports(unaliased);
}

const NAMESPACE_IMPORT = /^import \* as ([\w$]+) from ("[^"]+"|'[^']+');\n/gm;

/** `ns.X` → `X` where `X` is imported by name from the namespace's module; the namespace import goes when unused. */
function foldNamespaceImports(code) {
  let out = code;
  for (const [statement, namespace, from] of [...code.matchAll(NAMESPACE_IMPORT)]) {
    const named = new Set(
      [...out.matchAll(IMPORT)]
        .filter((match) => match[3] === from)
        .flatMap((match) => match[2].split(',').map((s) => s.trim()).filter((s) => /^\w+$/.test(s))),
    );
    out = out.replace(new RegExp(`(?<![\\w$])${escape(namespace)}\\.(\\w+)`, 'g'), (whole, name) => (named.has(name) ? name : whole));
    if (!new RegExp(`(?<![\\w$])${escape(namespace)}(?![\\w$])`).test(out.replace(statement, ''))) out = out.replace(statement, '');
  }
  return out;
}

/** The rolldown plugin: rewrites the declaration files (`.d.ts`, `.d.cts`) of a bundle before they are written. */
export function mergeDtsImportAliases() {
  return {
    name: 'coze:merge-dts-import-aliases',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!/\.d\.[cm]?ts$/.test(file.fileName)) continue;
        if (file.type === 'chunk') file.code = mergeImportAliases(file.code);
        else file.source = mergeImportAliases(String(file.source));
      }
    },
  };
}
