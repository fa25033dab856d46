/**
 * The packages as a user gets them, and the smoke suite on every runtime.
 *
 * @example
 * import { installFresh, packWorkspacePackages } from '@coze/platforms';
 * const tarballs = await packWorkspacePackages(scratch);
 * const project = await installFresh(join(scratch, 'app'), [tarballs.runtime, tarballs.client]);
 */

/** The publishable workspace packages (folder names under packages/), in dependency order. */
export declare const PACKAGES: readonly ['runtime', 'client'];

/** Packs `@coze/runtime` and `@coze/client` from their built `dist` with `pnpm pack`; tarball paths by folder name. */
export declare function packWorkspacePackages(destination: string): Promise<Record<(typeof PACKAGES)[number], string>>;

/** Packs an installed dependency of the workspace (e.g. the optional peer openapi-fetch), for installing offline. */
export declare function packInstalledDependency(name: string, destination: string, from?: string): Promise<string>;

/** Creates `folder` with a bare package.json and installs the tarballs with npm, offline. Resolves to `folder`. */
export declare function installFresh(folder: string, tarballs: string[], options?: { type?: 'module' | 'commonjs' }): Promise<string>;

/** The environment of a user's shell: without NODE_PATH and the npm/pnpm settings a parent pnpm exported. */
export declare function userEnvironment(extra?: Record<string, string>): Record<string, string>;
