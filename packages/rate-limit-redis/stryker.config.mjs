// Mutation testing of the Redis store: `pnpm test:mutation` at the root (tools/mutation/README.md).
import { strykerConfig } from '../../tools/mutation/stryker.base.mjs';

export default strykerConfig({ vitestConfig: 'vitest.mutation.config.ts' });
