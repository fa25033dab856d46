// Just enough OpenAPI walking for the samples and the tests: operations and internal $refs.

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Follows internal `$ref`s (`#/...`) until it reaches a node that is not a reference.
 *
 * @param {any} doc the whole OpenAPI document
 * @param {any} node
 */
export function deref(doc, node) {
  const seen = new Set();
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) throw new Error(`Circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    if (!node.$ref.startsWith('#/')) throw new Error(`Only internal $refs are supported, got ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((parent, key) => parent?.[key], doc);
    if (node === undefined) throw new Error(`Unresolved $ref ${[...seen].at(-1)}`);
  }
  return node;
}

/** The name of the component a `$ref` points to (`#/components/schemas/Chat` → `Chat`). */
export function refName(node) {
  return typeof node?.$ref === 'string' ? node.$ref.split('/').at(-1) : undefined;
}

/**
 * Every operation of the document, in document order.
 *
 * @param {any} doc
 * @returns {Array<{ path: string, method: string, operation: any, parameters: any[] }>}
 *   `parameters` merges the path item's and the operation's (the operation's win), dereferenced.
 */
export function operations(doc) {
  const found = [];
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const byKey = new Map();
      for (const p of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
        const param = deref(doc, p);
        byKey.set(`${param.in}:${param.name}`, param);
      }
      found.push({ path, method, operation, parameters: [...byKey.values()] });
    }
  }
  return found;
}

/** The value of a parameter's, media type's or schema's first example, if it has one. */
export function firstExample(doc, holder) {
  if (!holder) return undefined;
  if (holder.example !== undefined) return holder.example;
  if (holder.examples && typeof holder.examples === 'object') {
    const first = Array.isArray(holder.examples) ? holder.examples[0] : Object.values(holder.examples)[0];
    if (first !== undefined) return Array.isArray(holder.examples) ? first : deref(doc, first).value;
  }
  if (holder.schema) return firstExample(doc, deref(doc, holder.schema));
  return undefined;
}
