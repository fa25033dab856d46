// The Python environment of packages/python: a virtual environment in .venv with the exact versions of
// requirements-dev.txt (pip installs them from whatever index pip is configured with: on these machines the
// local wheelhouse) and coze-client itself, editable. Idempotent: a stamp of the inputs skips the work when
// nothing changed, and a lock keeps two callers (two test files, a generate and a test) from racing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const venvDir = join(packageDir, '.venv');
export const venvBin = join(venvDir, 'bin');
export const venvPython = join(venvBin, 'python');

const STAMP = join(venvDir, '.coze-stamp');
const LOCK = join(packageDir, '.venv.lock');
const INPUTS = ['requirements-dev.txt', 'pyproject.toml'];

function run(program, args, options = {}) {
  const result = spawnSync(program, args, { cwd: packageDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim();
    throw new Error(`${program} ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  return result.stdout;
}

/** The interpreter the venv is made from: $COZE_PYTHON, else python3.11, else python3 (3.9 or later). */
function basePython() {
  const candidates = [process.env.COZE_PYTHON, 'python3.11', 'python3'].filter(Boolean);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const [major, minor] = probe.stdout.trim().split('.').map(Number);
    if (major === 3 && minor >= 9) return candidate;
  }
  throw new Error('No Python 3.9 or later found (tried $COZE_PYTHON, python3.11, python3): install one or set COZE_PYTHON.');
}

function stamp() {
  const hash = createHash('sha256');
  for (const file of INPUTS) hash.update(file).update(readFileSync(join(packageDir, file)));
  return hash.digest('hex');
}

function withLock(work) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than the longest install is left over from a killed run.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > 10 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${LOCK} is held by another process for more than 10 minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Makes sure .venv exists with the pinned toolchain and coze-client installed (editable). Returns the path of
 * its python. `log` receives a line when something is installed.
 */
export function ensureVenv({ log = () => {} } = {}) {
  const wanted = stamp();
  const current = () => (existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : '');
  if (current() === wanted && existsSync(venvPython)) return venvPython;
  return withLock(() => {
    if (current() === wanted && existsSync(venvPython)) return venvPython;
    if (!existsSync(venvPython)) {
      const python = basePython();
      log(`creating ${venvDir} with ${python}`);
      run(python, ['-m', 'venv', venvDir]);
    }
    log('installing requirements-dev.txt and coze-client (editable) into .venv');
    // --retries 0: where only a local index answers, an unreachable default index fails at once.
    const pip = [venvPython, '-m', 'pip', 'install', '--quiet', '--retries', '0', '--disable-pip-version-check'];
    run(pip[0], [...pip.slice(1), '-r', 'requirements-dev.txt']);
    run(pip[0], [...pip.slice(1), '--no-deps', '--no-build-isolation', '-e', '.']);
    writeFileSync(STAMP, wanted);
    return venvPython;
  });
}

/** Runs a program of the venv (python, pytest, mypy, ruff) in packageDir; resolves to its exit code and output. */
export function venvCommand(program, args, options = {}) {
  const bin = program === 'python' ? venvPython : join(venvBin, program);
  return spawnSync(bin, args, {
    cwd: packageDir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...options.env },
  });
}
