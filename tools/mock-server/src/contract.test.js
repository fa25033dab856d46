import { readFile } from 'node:fs/promises';
import { parseYaml } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEC, loadContract } from './contract.js';

describe('loadContract', () => {
  it('reads the base path and every operation from the spec, once', async () => {
    const contract = await loadContract();
    expect(await loadContract()).toBe(contract);
    expect(contract.basePath).toBe('/v1');
    // The operations as the YAML lists them, read without the loader.
    const raw = /** @type {any} */ (parseYaml(await readFile(DEFAULT_SPEC, 'utf8')));
    const listed = Object.entries(raw.paths).flatMap(([path, item]) =>
      Object.keys(/** @type {object} */ (item))
        .filter((key) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed).toContain('POST /workflow/{workflow_id}/run');
    expect(contract.operations.map((op) => `${op.method} ${op.template}`).sort()).toEqual(listed.sort());
  });

  it('dereferences the spec, so schemas are plain objects', async () => {
    const { operations } = await loadContract();
    const get = operations.find((op) => op.id === 'workflow.get');
    expect(get?.parameters).toEqual([expect.objectContaining({ name: 'workflow_id', in: 'path', required: true })]);
    expect(JSON.stringify(get?.responses)).not.toContain('$ref');
  });
});

describe('route', () => {
  it('matches templates and decodes path parameters', async () => {
    const { route } = await loadContract();
    expect(route('GET', '/v1/workflow/wf_1')).toMatchObject({ kind: 'operation', operation: { id: 'workflow.get' }, pathParams: { workflow_id: 'wf_1' } });
    expect(route('POST', '/v1/workflow/wf%41/run')).toMatchObject({ operation: { id: 'workflow.run' }, pathParams: { workflow_id: 'wfA' } });
    expect(route('GET', '/v1/workflow/%E0%A4%A')).toMatchObject({ pathParams: { workflow_id: '%E0%A4%A' } });
  });

  it('tells an unknown path from a method the path does not take', async () => {
    const { route } = await loadContract();
    expect(route('GET', '/v1/workflow/wf_1/run')).toEqual({ kind: 'method-not-allowed', allow: ['POST'] });
    expect(route('GET', '/v1/workflows')).toEqual({ kind: 'not-found' });
    expect(route('GET', '/workflow')).toEqual({ kind: 'not-found' });
    expect(route('GET', '/v1/workflow/')).toEqual({ kind: 'not-found' });
  });
});
