import { parseArgs } from 'node:util';
import { startMockServer } from './server.js';

const USAGE = `Usage: coze-mock [--port 4010] [--host 127.0.0.1] [--stream-delay 0]

Serves the Coze v1 API (spec/coze.v1.yaml) from memory on loopback, with demo tokens.

  --port <n>          port to listen on; 0 picks a free one (default 4010)
  --host <address>    loopback address to listen on (default 127.0.0.1)
  --stream-delay <ms> pause between streamed chat events (default 0)
  -h, --help          show this help
`;

/**
 * Runs the mock server until SIGINT or SIGTERM, then closes it and exits 0.
 *
 * @param {string[]} argv the arguments after `node coze-mock.js`
 */
export async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      // `pnpm mock -- --port 5000` passes the `--` on; it separates nothing here.
      args: argv[0] === '--' ? argv.slice(1) : argv,
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        'stream-delay': { type: 'string', default: '0' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }

  const port = wholeNumber(values.port);
  const streamDelayMs = wholeNumber(values['stream-delay']);
  if (port === undefined) return fail(`--port must be a whole number, not '${values.port}'`);
  if (streamDelayMs === undefined) return fail(`--stream-delay must be whole milliseconds, not '${values['stream-delay']}'`);

  let server;
  try {
    // Nobody reads a long-running server's request log, so it is not kept.
    server = await startMockServer({ port, host: values.host, streamDelayMs, recordRequests: false });
  } catch (error) {
    return fail(`Cannot start the mock server: ${error instanceof Error ? error.message : error}`, 1);
  }

  const { url, tokens } = server;
  process.stdout.write(
    [
      `Coze mock server listening on ${url}`,
      '',
      'Demo tokens:',
      `  read   ${tokens.read}`,
      `  write  ${tokens.write}`,
      `  admin  ${tokens.admin}`,
      '',
      'Point a client at it (admin can call every operation):',
      `  COZE_BASE_URL=${url} COZE_API_KEY=${tokens.admin}`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  /** @param {NodeJS.Signals} signal */
  const stop = async (signal) => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await server.close();
    process.stdout.write(`Stopped (${signal}).\n`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** @param {string} text */
function wholeNumber(text) {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * @param {string} message
 * @param {number} [code] 2 for a usage error, 1 for a server that could not start
 */
function fail(message, code = 2) {
  process.stderr.write(`coze-mock: ${message}\n`);
  process.exitCode = code;
}
