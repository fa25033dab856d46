// The CommonJS build of `@coze/client/fetch` loads openapi-fetch through this module instead of a bare
// require (see tsdown.config.ts), so that a missing optional peer fails with what to install.
import packageJson from '../package.json' with { type: 'json' };

declare const require: (id: string) => unknown;

function requireOpenApiFetch(): unknown {
  try {
    return require('openapi-fetch');
  } catch (error) {
    // Only the peer itself missing; a broken install of it keeps its own error.
    const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND' && String(error).includes("'openapi-fetch'");
    if (!missing) throw error;
    const range = packageJson.peerDependencies['openapi-fetch'];
    throw new Error(
      `@coze/client/fetch needs the openapi-fetch package, an optional peer dependency of @coze/client that is not installed. Install it: npm install openapi-fetch@${range}`,
      { cause: error },
    );
  }
}

export default requireOpenApiFetch();
