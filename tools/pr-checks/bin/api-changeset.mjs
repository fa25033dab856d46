#!/usr/bin/env node
// Part of `pnpm regen`: writes the changeset that releases the working tree's spec change, its bump and its body
// (the API changes in words) computed from the same diff as the breaking-change gate, into
// .changeset/api-changes-<branch>.md. Without a spec change it removes that file. Usage: [--base <git ref>].
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { API_CHANGESET_PREFIX, readNewChangesets } from '../src/changesets.mjs';
import { createContext } from '../src/context.mjs';
import { currentBranch, repoRoot, resolveBase } from '../src/git.mjs';

const { values: options } = parseArgs({ options: { base: { type: 'string' } } });
const cwd = repoRoot(process.cwd());
if (!cwd) {
  console.error('Not inside a git repository.');
  process.exit(2);
}
const base = resolveBase(cwd, options.base);
if (options.base && !base) {
  console.error(`The base ref \`${options.base}\` names no commit.`);
  process.exit(2);
}
const context = createContext({ cwd, base });
const slug = (currentBranch(cwd) ?? 'changes').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'changes';
const generated = readNewChangesets(cwd, base?.commit).filter((changeset) => changeset.file.startsWith(`.changeset/${API_CHANGESET_PREFIX}`));
// A note of this change already written keeps its name. A note of the same name committed before (regen run twice on
// one branch across commits, or on main itself) releases earlier changes: it must not be overwritten.
const named = `.changeset/${API_CHANGESET_PREFIX}-${slug}.md`;
const file =
  generated[0]?.file ?? (existsSync(join(cwd, named)) ? `.changeset/${API_CHANGESET_PREFIX}-${slug}-${base?.commit.slice(0, 7) ?? 'next'}.md` : named);

// Earlier generated notes of this pull request (another branch name, say) would list the changes twice.
for (const changeset of generated) {
  if (changeset.file !== file) rmSync(join(cwd, changeset.file));
}
const comparison = context.specComparison();
if (comparison.kind !== 'changed') {
  if (existsSync(join(cwd, file))) rmSync(join(cwd, file));
  console.log(comparison.kind === 'unchanged' ? `The spec is unchanged since ${base?.ref}: no API changeset.` : `The spec is ${comparison.kind}: no API changeset.`);
  process.exit(0);
}
const text = context.apiChangeset();
const before = existsSync(join(cwd, file)) ? readFileSync(join(cwd, file), 'utf8') : undefined;
if (before !== text) writeFileSync(join(cwd, file), text);
console.log(`${before === text ? 'Up to date' : 'Wrote'}: ${file} (${comparison.apiChanges.length} API change(s) since ${base.ref}, a ${comparison.bump} release)`);
