import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMockServer } from '@coze/mock-server';
import { serveConsole } from './serve.js';

const USAGE = `Usage: coze-debug [--port 0] [--mock-port 0] [--stream-delay 40]

Starts the embedded Coze server and the API debug console, both on 127.0.0.1, until Ctrl+C.

  --port <n>          the console's port; 0 picks a free one (default 0)
  --mock-port <n>     the embedded server's port; 0 picks a free one (default 0)
  --stream-delay <ms> pause between streamed chat events, so streams are seen arriving (default 40)
  -h, --help          show this help
`;

/** @param {string} text */
const wholeNumber = (text) => (/^\d+$/.test(text) ? Number(text) : undefined);

/**
 * Runs the embedded server and the console until SIGINT or SIGTERM, then closes both and exits 0.
 *
 * @param {string[]} argv the arguments after `node coze-debug.js`
 */
export async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      // `pnpm debug -- --port 5000` passes the `--` on; it separates nothing here.
      args: argv[0] === '--' ? argv.slice(1) : argv,
      options: {
        port: { type: 'string', default: '0' },
        'mock-port': { type: 'string', default: '0' },
        'stream-delay': { type: 'string', default: '40' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : error}\n\n${USAGE}`, 2);
  }
  if (values.help) return void process.stdout.write(USAGE);
  const [port, mockPort, streamDelayMs] = [values.port, values['mock-port'], values['stream-delay']].map(wholeNumber);
  if (port === undefined || mockPort === undefined || streamDelayMs === undefined) {
    return fail(`--port, --mock-port and --stream-delay take whole numbers\n\n${USAGE}`, 2);
  }

  // Signals are handled from the start, so that one arriving while the servers start still ends in a clean
  // exit. The handlers stay on while closing: pnpm passes a SIGTERM on to its script, so one sent to the whole
  // process group (a service manager's stop) arrives twice, and the second must not cut the closing short.
  /** @type {Array<{ close: () => Promise<void> }>} */
  const started = [];
  /** @type {NodeJS.Signals | undefined} */
  let stopping;
  /** @param {NodeJS.Signals} signal */
  const stop = async (signal) => {
    if (stopping) return;
    stopping = signal;
    await Promise.all(started.map((server) => server.close()));
    process.stdout.write(`Stopped (${signal}).\n`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let mock;
  let console_;
  try {
    mock = await startMockServer({ port: mockPort, streamDelayMs, recordRequests: false });
    started.push(mock);
    console_ = await serveConsole({ port, config: { embedded: { url: mock.url, tokens: { ...mock.tokens } } } });
    started.push(console_);
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    return fail(`Cannot start: ${error instanceof Error ? error.message : error}`, 1);
  }
  // A signal during the start: stop() closes what was started then; close what came after.
  if (stopping) return void (await Promise.all(started.map((server) => server.close())));
  const docsBuilt = existsSync(fileURLToPath(new URL('../../docs/build/index.html', import.meta.url)));
  process.stdout.write(
    [
      `Debug console: ${console_.url}`,
      `Embedded server: ${mock.url} (demo tokens: ${Object.values(mock.tokens).join(', ')})`,
      ...(docsBuilt ? [`Reference docs: ${console_.docsUrl}`] : []),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

/** @param {string} message @param {number} code 2 for a usage error, 1 for a start that failed */
function fail(message, code) {
  process.stderr.write(`coze-debug: ${message}\n`);
  process.exitCode = code;
}
