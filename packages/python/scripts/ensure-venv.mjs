#!/usr/bin/env node
// `node packages/python/scripts/ensure-venv.mjs`: creates or updates packages/python/.venv (idempotent).
// .ci/run calls it; the tests and `pnpm generate` call ensureVenv() themselves.
import { ensureVenv } from './venv.mjs';

const python = ensureVenv({ log: (line) => console.log(`python: ${line}`) });
console.log(`python: ready (${python})`);
