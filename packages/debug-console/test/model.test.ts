// The page is built from the spec: every operation, grouped by tag as in the docs, in each edition the docs
// have, with the error table's advice; a new operation appears with no hand edit, and the build is cached on
// the spec and the translations.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleEdition } from '@coze/docs/bundle';
import { editions } from '@coze/docs/editions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleModel, errorAdvice } from '../scripts/model.mjs';
import type { ConsoleData, ConsoleModel } from '../src/model.js';
import { readPage, readSpec, repoDir, specOperations } from './support.js';

let data: ConsoleData;
let scratch: string;

beforeAll(async () => {
  const html = await readPage();
  data = JSON.parse(/<script type="application\/json" id="coze-console-data">(.*?)<\/script>/s.exec(html)![1]!);
  scratch = await mkdtemp(join(tmpdir(), 'coze-console-model-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the page data', () => {
  it('has every operation of the spec, in every edition of the docs, grouped by tag in the spec order', async () => {
    const spec = await readSpec();
    const ops = await specOperations();
    expect(data.editions.map((e) => e.id)).toEqual(editions.map((e) => e.id));
    for (const { id } of editions) {
      const model = data.models[id]!;
      expect(model.operations.map((op) => op.id).sort()).toEqual(ops.map((op) => op.id).sort());
      expect(model.groups.map((g) => g.name)).toEqual(spec.tags.map((t: { name: string }) => t.name));
      for (const group of model.groups) {
        for (const opId of group.operations) expect(model.operations.find((op) => op.id === opId)!.tag).toBe(group.name);
      }
      for (const op of model.operations) {
        expect(op.level, op.id).toMatch(/^(read|write|admin)$/);
        expect(op.summary, op.id).not.toBe('');
      }
    }
  });

  it('is translated as the docs are, and has advice for every error status an operation declares', async () => {
    const spec = await readSpec();
    const statuses = new Set<string>();
    for (const item of Object.values<any>(spec.paths)) {
      for (const operation of Object.values<any>(item)) {
        for (const status of Object.keys(operation?.responses ?? {})) if (/^[45]/.test(status)) statuses.add(status);
      }
    }
    const [en, zh] = [data.models.en!, data.models.zh!];
    for (const status of statuses) {
      expect(en.errors[status]?.advice, `en ${status}`).toBeTruthy();
      expect(zh.errors[status]?.advice, `zh ${status}`).toMatch(/[\u4e00-\u9fff]/);
    }
    // Group headings: the tag's x-displayName (which the translations set), else its name.
    expect(en.groups.map((g) => g.displayName)).toEqual(spec.tags.map((t: any) => t['x-displayName'] ?? t.name));
    expect(zh.groups.map((g) => g.name)).toEqual(en.groups.map((g) => g.name));
    for (const group of zh.groups) expect(group.displayName, group.name).toMatch(/[\u4e00-\u9fff]/);
    for (const [a, b] of en.operations.map((op, i) => [op, zh.operations[i]!] as const)) {
      expect(b.summary, a.id).toMatch(/[\u4e00-\u9fff]/);
      expect(b.description, a.id).not.toBe(a.description);
    }
  });

  it('reads the error table of any edition', () => {
    expect(errorAdvice('| Status | Meaning | What to do |\n|---|---|---|\n| 418 | Teapot | Use `coffee` |\nprose | 1 |')).toEqual({
      418: { meaning: 'Teapot', advice: 'Use `coffee`' },
    });
  });

  it('shows a new operation with no hand edit', async () => {
    const file = join(scratch, 'en.json');
    await bundleEdition('en', file);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.paths['/workflow/{workflow_id}/duplicate'] = {
      post: {
        operationId: 'workflow.duplicate',
        summary: 'Duplicate a workflow',
        tags: ['Workflow'],
        security: [{ bearerAuth: ['write'] }],
        parameters: [{ name: 'workflow_id', in: 'path', required: true, schema: { type: 'string', maxLength: 64 }, example: 'wf_1' }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string', maxLength: 9 } } }, example: { name: 'copy' } } } },
        responses: { 201: { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Workflow' } } } } },
      },
    };
    const model: ConsoleModel = consoleModel(doc);
    const added = model.operations.find((op) => op.id === 'workflow.duplicate')!;
    expect(added).toMatchObject({ resource: 'workflow', verb: 'duplicate', method: 'POST', level: 'write', prefill: { workflow_id: 'wf_1' } });
    expect(added.body!.schema.properties!.name!.maxLength).toBe(9);
    expect(added.body!.examples[0]!.value).toEqual({ name: 'copy' });
    expect(model.groups.find((g) => g.name === 'Workflow')!.operations).toContain('workflow.duplicate');
  });

  it('is rebuilt (turbo) when the spec or its translation changes', async () => {
    const { stdout } = await promisify(execFile)('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@coze/debug-console', '--dry=json'], {
      cwd: repoDir,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      maxBuffer: 20_000_000,
    });
    const task = JSON.parse(stdout).tasks.find((t: { taskId: string }) => t.taskId === '@coze/debug-console#build');
    const inputs = Object.keys(task.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['../../spec/coze.v1.yaml', '../docs/i18n/zh.overlay.yaml', '../docs/redocly.yaml']));
    expect(task.dependencies).toContain('@coze/client#build');
  });
});
