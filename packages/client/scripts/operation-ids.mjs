// Every generator names an operation's method after its operationId (`workflow.list` → coze.workflow.list()), so
// an operation without one stops the generation here, with where it is and what to add.
import { isMap, LineCounter, parseDocument } from 'yaml';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const VERB_BY_METHOD = { post: 'create', patch: 'update', put: 'replace', delete: 'delete', head: 'head', options: 'options', trace: 'trace' };
const camel = (text) => text.replace(/[-_]+([a-zA-Z0-9])/g, (_, c) => c.toUpperCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());

/**
 * A `resource.verb` operationId for an operation that has none: the first segment of its path is the resource,
 * the last literal segment after it the verb (`POST /workflow/{id}/duplicate` → `workflow.duplicate`), else the
 * method's usual verb (`GET /workflow` → `workflow.list`, `GET /workflow/{id}` → `workflow.get`).
 */
export function suggestOperationId(method, path) {
  const segments = path.split('/').filter(Boolean);
  const literals = segments.filter((segment) => !segment.startsWith('{'));
  const resource = camel(literals[0] ?? 'root');
  const last = segments.at(-1) ?? '';
  if (literals.length > 1 && !last.startsWith('{')) return `${resource}.${camel(last)}`;
  if (method === 'get') return `${resource}.${last.startsWith('{') ? 'get' : 'list'}`;
  return `${resource}.${VERB_BY_METHOD[method] ?? method}`;
}

/**
 * The operations of a spec text that have no operationId, each as a message naming its file line, its method and
 * path, and the line to add.
 *
 * @param {string} text the spec, YAML or JSON
 * @param {string} file how to name the spec in messages, e.g. `spec/coze.v1.yaml`
 * @returns {string[]} empty when every operation has one
 */
export function missingOperationIds(text, file) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const paths = document.get('paths', true);
  if (!isMap(paths)) return [];
  const problems = [];
  for (const pathPair of paths.items) {
    const path = String(pathPair.key?.value ?? pathPair.key);
    if (!isMap(pathPair.value)) continue;
    for (const pair of pathPair.value.items) {
      const method = String(pair.key?.value ?? pair.key);
      if (!HTTP_METHODS.includes(method) || !isMap(pair.value)) continue;
      const id = pair.value.get('operationId');
      if (typeof id === 'string' && id.trim() !== '') continue;
      const { line } = lineCounter.linePos(pair.key.range[0]);
      const suggestion = suggestOperationId(method, path);
      problems.push(
        `${file}:${line}: ${method.toUpperCase()} ${path} has no operationId. Add one under \`${method}:\`, as ` +
          `resource.verb — for example \`operationId: ${suggestion}\` — which names the method: coze.${suggestion}().`,
      );
    }
  }
  return problems;
}
