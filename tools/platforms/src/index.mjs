export { PACKAGES, installFresh, packInstalledDependency, packWorkspacePackages, userEnvironment } from './fresh-project.mjs';
