import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/index.node.ts', 'src/index.bun.ts', 'src/sse.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  clean: true,
  // The Node entry's transport imports Node's own modules: they stay imports (the neutral platform does not
  // know them, and would warn that it cannot resolve each one).
  deps: { neverBundle: [/^node:/] },
  // How long each plugin took is not something to act on here: a slow, shared machine is the usual reason.
  checks: { pluginTimings: false },
  // The SSE parser in a chunk of its own (not beside the errors it imports): the stream reader and the sse entry
  // share it, and an app's bundler, which splits by file, then ships it only with the reader, loaded when a
  // stream is first read.
  outputOptions: { codeSplitting: { includeDependenciesRecursively: false, groups: [{ name: 'sse-parser', test: /src[\\/]streaming[\\/]sse-parser\.ts$/ }] } },
});
