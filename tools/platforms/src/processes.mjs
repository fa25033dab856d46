import { spawn } from 'node:child_process';

/**
 * Runs a program to its end, bounded in time: past `timeoutMs` its whole process group is killed and
 * the run fails (a runtime that hangs, or does not exit after the suite, is a failure, not a stuck CI).
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: Record<string, string>, timeoutMs?: number }} options
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
export function runBounded(command, args, { cwd, env, timeoutMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && !timedOut) return resolve({ stdout, stderr });
      const why = timedOut ? `did not finish within ${timeoutMs} ms` : `exited with ${code ?? signal}`;
      reject(Object.assign(new Error(`${command} ${why}\n${stderr.slice(-2000)}`), { stdout, stderr }));
    });
  });
}

/** @param {number | undefined} pid */
function killGroup(pid) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * The smoke results a runtime printed: the last line of its output that parses as a JSON array.
 *
 * @param {string} stdout
 * @returns {Array<{ name: string, ok: boolean, detail?: string }>}
 */
export function resultsFrom(stdout) {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('[')) continue;
    try {
      return JSON.parse(line);
    } catch {
      // Not the results line.
    }
  }
  throw new Error(`no results in the output:\n${stdout.slice(-2000)}`);
}
