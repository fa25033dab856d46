// Shared by the tests: where things are, and throwaway git repositories to run the checks in.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const fixturesDir = 'tools/pr-checks/test/fixtures';
export const readFixture = (path) => readFileSync(join(repoRoot, fixturesDir, path), 'utf8');

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text, needle) {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`no line contains ${needle}`);
  return index + 1;
}

const tempDirs = [];

/** Removes every repository `tempRepo` made; for `afterEach`. */
export function removeTempRepos() {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A git repository in a temporary folder, on branch `main`, with helpers to write files and commit. */
export function tempRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'pr-checks-test-'));
  tempDirs.push(dir);
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'test@example.test');
  git('config', 'user.name', 'Test');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    git,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    remove(path) {
      rmSync(join(dir, path));
    },
    commit(message) {
      git('add', '--all');
      git('commit', '--quiet', '--allow-empty', '-m', message);
    },
  };
}
