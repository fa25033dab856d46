// The drill: the README's "Changing the spec", followed on a copy of this repository. One new operation and one new
// optional response field go into the copy's spec; then only the documented steps run (`pnpm regen`, translating
// what it names, `pnpm check:pr --with-tests`, which runs `pnpm test` and the mutation gate); all must pass, and the new method must
// answer from the embedded server. It runs after every other test (its own vitest project, a later group) and not
// inside itself: the copy's `pnpm test` runs without it (COZE_SPEC_DRILL).
//
// Kept fast: the copy is a `git clone --shared` (no object copied), its node_modules come from pnpm's store
// (`--offline`, hard links), and nothing runs beyond what the steps run.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../test/helpers.mjs';

const timings = [];
let copy = '';

/** The environment of a maintainer's shell: not CI, not inside this test run. */
function maintainerEnv() {
  const env = { ...process.env, COZE_SPEC_DRILL: '1', FORCE_COLOR: '0' };
  for (const key of Object.keys(env)) {
    if (/^(VITEST|GITHUB_)/.test(key) || ['CI', 'NODE_ENV', 'TEST'].includes(key)) delete env[key];
  }
  return env;
}

/** Runs a command in the copy, timed; answers its exit code and output. */
function run(label, command, args, { cwd = copy } = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env: maintainerEnv(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  timings.push([label, (performance.now() - started) / 1000]);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
  // Some tools colour their output whatever FORCE_COLOR says.
  return { status: result.status, output: output.replace(/\u001b\[[\d;]*m/g, '') };
}

const git = (cwd, ...args) => execFileSync('git', ['-c', 'user.email=drill@example.test', '-c', 'user.name=Drill', ...args], { cwd, encoding: 'utf8' });

/** A copy of the working tree (committed as the base of the drill's pull request) on a branch `drill`. */
function copyRepository() {
  const dir = mkdtempSync(join(tmpdir(), 'coze-spec-drill-'));
  git(repoRoot, 'clone', '--quiet', '--shared', '--no-checkout', repoRoot, dir);
  git(dir, 'checkout', '--quiet', '--detach', git(repoRoot, 'rev-parse', 'HEAD').trim());
  // Uncommitted edits and new files of the working tree come along (on CI there are none).
  const diff = execFileSync('git', ['diff', '--binary', 'HEAD'], { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 });
  if (diff.length > 0) execFileSync('git', ['apply', '--binary', '-'], { cwd: dir, input: diff });
  for (const file of git(repoRoot, 'ls-files', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(dir, file));
  }
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', 'The base of the drill');
  // The pull request's base branch, as `pnpm check:pr` finds it by default.
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'checkout', '--quiet', '-b', 'drill');
  return dir;
}

const duplicated = {
  id: 'wf_02hq3z8k2n',
  name: '示例工作流 (copy)',
  description: '这是一个示例工作流',
  nodes: [],
  version: 1,
  created_at: 1710460900,
  updated_at: 1710460900,
  tags: ['copy'],
};

/** The maintainer's edit: one operation and one optional response field, written into the spec as YAML. */
function editSpec(text) {
  const operation = `  /workflow/{workflow_id}/duplicate:
    parameters:
      - $ref: '#/components/parameters/WorkflowId'
    post:
      operationId: workflow.duplicate
      summary: Duplicate a workflow
      description: |
        Stores a copy of a workflow under a new id, at version 1.

        Needs the \`write\` level.
      tags: [Workflow]
      security:
        - bearerAuth: [write]
      parameters:
        - $ref: '#/components/parameters/IdempotencyKey'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              description: How to name the copy.
              additionalProperties: false
              properties:
                name:
                  $ref: '#/components/schemas/WorkflowName'
            examples:
              named:
                summary: A named copy
                value:
                  name: 示例工作流 (copy)
      responses:
        '201':
          description: The copy.
          headers:
            X-Request-Id:
              $ref: '#/components/headers/X-Request-Id'
            X-RateLimit-Limit:
              $ref: '#/components/headers/X-RateLimit-Limit'
            X-RateLimit-Remaining:
              $ref: '#/components/headers/X-RateLimit-Remaining'
            X-RateLimit-Reset:
              $ref: '#/components/headers/X-RateLimit-Reset'
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Workflow'
              examples:
                copy:
                  summary: The stored copy
                  value:
${JSON.stringify(duplicated, null, 2).split('\n').map((line) => `                    ${line}`).join('\n')}
${['400 BadRequest', '401 Unauthorized', '403 Forbidden', '404 NotFound', '409 Conflict', '429 TooManyRequests', '500 InternalServerError']
  .map((entry) => entry.split(' '))
  .map(([status, name]) => `        '${status}':\n          $ref: '#/components/responses/${name}'`)
  .join('\n')}
`;
  const field = `        tags:
          type: array
          description: Labels that group workflows.
          maxItems: 20
          items:
            type: string
            description: One label.
            maxLength: 32
`;
  const withOperation = text.replace('  /workflow/{workflow_id}/run:\n', `${operation}  /workflow/{workflow_id}/run:\n`);
  const anchor = '        updated_at:\n          $ref: \'#/components/schemas/Timestamp\'\n    WorkflowList:';
  const withField = withOperation.replace(anchor, anchor.replace('    WorkflowList:', `${field}    WorkflowList:`));
  if (withOperation === text || withField === withOperation) throw new Error('The drill no longer finds where to edit spec/coze.v1.yaml');
  return withField;
}

/** The actions `pnpm regen` printed for the missing translations, filled in (any Chinese passes the check). */
function translate(regenOutput) {
  // turbo interleaves the tasks' output, each line prefixed with its task: the docs build's lines, in order.
  const lines = regenOutput
    .split('\n')
    .filter((line) => line.startsWith('@coze/docs:docs: ') || line === '@coze/docs:docs:')
    .map((line) => line.replace(/^@coze\/docs:docs: ?/, ''));
  const start = lines.findIndex((line) => line.includes('add these actions to i18n/zh.overlay.yaml'));
  if (start === -1) return '';
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('  '));
  return lines
    .slice(start + 1, end === -1 ? undefined : end)
    .map((line) => line.replace('待翻译', '演练译文：复制工作流'))
    .join('\n');
}

describe('the drill: changing the spec as the README says, on a copy of the repository', () => {
  let regen;
  let check;

  beforeAll(() => {
    let started = performance.now();
    copy = copyRepository();
    timings.push(['copy (git clone --shared + working tree)', (performance.now() - started) / 1000]);
    const install = run('pnpm install --offline --frozen-lockfile', 'pnpm', ['install', '--offline', '--frozen-lockfile']);
    if (install.status !== 0) throw new Error(`The copy did not install:\n${install.output}`);

    started = performance.now();
    writeFileSync(join(copy, 'spec/coze.v1.yaml'), editSpec(readFileSync(join(copy, 'spec/coze.v1.yaml'), 'utf8')));
    regen = run('pnpm regen', 'pnpm', ['regen']);
    const actions = translate(regen.output);
    writeFileSync(join(copy, 'packages/docs/i18n/zh.overlay.yaml'), `${readFileSync(join(copy, 'packages/docs/i18n/zh.overlay.yaml'), 'utf8').trimEnd()}\n${actions}\n`);
    check = run('pnpm check:pr --with-tests', 'pnpm', ['check:pr', '--with-tests']);
  });

  afterAll(() => {
    const total = timings.reduce((sum, [, seconds]) => sum + seconds, 0);
    console.log(`Drill timings:\n${timings.map(([label, s]) => `  ${label.padEnd(44)} ${s.toFixed(1)} s`).join('\n')}\n  ${'total'.padEnd(44)} ${total.toFixed(1)} s`);
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('runs exactly the steps the README documents', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Changing the spec'), readme.indexOf('\n## ', readme.indexOf('## Changing the spec') + 1));
    const commands = [...section.matchAll(/^\d+\. Run `(pnpm [^`]+)`/gm)].map((match) => match[1]);
    expect(commands).toEqual(['pnpm regen', 'pnpm check:pr --with-tests']);
  });

  it('pnpm regen builds the client, names the missing translations and writes the API changes', () => {
    expect(regen.status, regen.output).toBe(0);
    expect(translate(regen.output)).toContain("  - target: $.paths['/workflow/{workflow_id}/duplicate'].post\n");
    expect(translate(regen.output)).toContain('  - target: $.components.schemas.Workflow.properties.tags\n');
    expect(regen.output).toContain('Wrote: .changeset/api-changes-drill.md (2 API change(s) since origin/main, a minor release)');
    expect(readFileSync(join(copy, '.changeset/api-changes-drill.md'), 'utf8')).toBe(
      "---\n'@coze/client': minor\n---\n\nAPI changes (spec/coze.v1.yaml):\n\n" +
        '- Added `workflow.duplicate` (`POST /workflow/{workflow_id}/duplicate`): Duplicate a workflow.\n' +
        '- Added the optional response field `Workflow.tags`.\n',
    );
  });

  it('pnpm check:pr --with-tests passes, having run every check, `pnpm test` and the mutation gate', () => {
    expect(check.status, check.output.slice(-6000)).toBe(0);
    expect(check.output).toContain('Ran: lint, breaking, changesets, changeset-status, drift, tests, mutation.\n');
    expect(check.output).toMatch(/✔ tests +`pnpm test` passed/);
    // The spec change touches no runtime code: the incremental run is the coverage run and the gate.
    expect(check.output).toMatch(/✔ mutation +`pnpm test:mutation --measured-only --budget-minutes 30` passed/);
    expect(check.output).toContain('All 7 checks passed.');
    // The copy's own test run: every project but the drill, and nothing failed.
    expect(check.output).toMatch(/Test Files +\d+ passed/);
    // vitest's summary lines only: tests may print "0 failed" of their own (rate-limit-redis's figures do).
    expect(check.output).not.toMatch(/^\s*(Test Files|Tests)\s+\d+ failed/m);
  });

  it('the new method answers from the embedded server, with the spec’s example', () => {
    const script = `
      import { CozeAPI } from '@coze/client';
      import { startMockServer } from '@coze/mock-server';
      const server = await startMockServer({ rateLimit: false });
      try {
        const coze = new CozeAPI({ apiKey: server.tokens.write, baseURL: server.url, rateLimit: false });
        const copy = await coze.workflow.duplicate({ workflow_id: 'wf_01hq3z8k2m', name: 'copy' });
        console.log(JSON.stringify(copy));
      } finally {
        await server.close();
      }`;
    const answer = run('the new method against the embedded server', process.execPath, ['--input-type=module', '-e', script], { cwd: join(copy, 'packages/client') });
    expect(answer.status, answer.output).toBe(0);
    expect(JSON.parse(answer.output)).toEqual(duplicated);
  });
});
