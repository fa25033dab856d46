// The few git questions the checks ask, each answering null instead of throwing when git cannot answer
// (no commits yet, a shallow clone, a ref that does not exist).
import { spawnSync } from 'node:child_process';

function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout : null;
}

/** The repository's top-level folder, or null outside a repository. */
export function repoRoot(cwd) {
  return git(cwd, ['rev-parse', '--show-toplevel'])?.trim() ?? null;
}

/** The checked-out branch, or null on a detached HEAD. */
export function currentBranch(cwd) {
  const name = git(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD'])?.trim();
  return name || null;
}

/** The commit a ref names, or null when it names none. */
export function resolveCommit(cwd, ref) {
  return git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])?.trim() ?? null;
}

/**
 * The base to compare with: the given ref, else the first of `origin/main`, `main` and `HEAD~1` that exists.
 * Answers the ref as named and the commit to compare with, which is the merge base of that ref and HEAD: a pull
 * request is judged by what it changes, not by what landed on the base branch since it branched.
 *
 * @returns {{ ref: string, commit: string } | null} null when no candidate exists (a repository without history).
 */
export function resolveBase(cwd, explicitRef) {
  const candidates = explicitRef ? [explicitRef] : ['origin/main', 'main', 'HEAD~1'];
  for (const ref of candidates) {
    const commit = resolveCommit(cwd, ref);
    if (!commit) continue;
    const mergeBase = git(cwd, ['merge-base', commit, 'HEAD'])?.trim();
    return { ref, commit: mergeBase || commit };
  }
  return null;
}

/** A file's text at a commit, or null when the file does not exist there. */
export function readAtCommit(cwd, commit, path) {
  return git(cwd, ['show', `${commit}:${path}`]);
}

/** The names of the files directly inside a folder at a commit (empty when the folder does not exist). */
export function listAtCommit(cwd, commit, folder) {
  const out = git(cwd, ['ls-tree', '--name-only', commit, `${folder.replace(/\/$/, '')}/`]);
  return out ? out.split('\n').filter(Boolean).map((path) => path.slice(path.lastIndexOf('/') + 1)) : [];
}
