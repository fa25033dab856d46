import { describe, expect, it } from 'vitest';
import { loadContract } from './contract.js';

describe('loadContract', () => {
  it('reads the base path and every operation from the spec, once', async () => {
    const contract = await loadContract();
    expect(await loadContract()).toBe(contract);
    expect(contract.basePath).toBe('/v1');
    expect(contract.operations.map((op) => `${op.method} ${op.template}`).sort()).toEqual([
      'DELETE /workflow/{workflow_id}',
      'GET /workflow',
      'GET /workflow/{workflow_id}',
      'PATCH /workflow/{workflow_id}',
      'POST /chat',
      'POST /workflow',
      'POST /workflow/{workflow_id}/run',
    ]);
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
