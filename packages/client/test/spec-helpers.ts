import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const specPath = fileURLToPath(new URL('../../../spec/coze.v1.yaml', import.meta.url));

export interface Operation {
  operationId: string;
  method: string;
  path: string;
}

// biome-ignore lint: the spec is plain data here
export type Spec = Record<string, any>;

export function loadSpec(): Spec {
  return parse(readFileSync(specPath, 'utf8')) as Spec;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the spec, read from the spec itself. */
export function operations(spec: Spec = loadSpec()): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, { operationId: string }>>)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) result.push({ operationId: operation.operationId, method: method.toUpperCase(), path });
    }
  }
  return result;
}
