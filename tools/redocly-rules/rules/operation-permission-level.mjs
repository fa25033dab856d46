/**
 * `coze/operation-permission-level`: every operation declares, itself, the lowest permission level it needs:
 * exactly one security requirement, on `scheme`, whose role list is exactly one of `levels`
 * (`security: [{ bearerAuth: [write] }]`). An inherited root `security` does not count: the level is a
 * decision about each operation, and a new operation must not silently get the root's.
 *
 * Options: `scheme` (default `bearerAuth`), `levels` (default `[read, write, admin]`).
 */
export default function operationPermissionLevel({ scheme = 'bearerAuth', levels = ['read', 'write', 'admin'] } = {}) {
  const expected = `\`security: [{ ${scheme}: [<level>] }]\` with one level of ${levels.join(', ')}`;
  return {
    Operation: {
      enter(operation, { report, location }) {
        const security = operation.security;
        if (security === undefined) {
          report({ message: `Operation must declare its permission level: ${expected}.`, location: location.key() });
          return;
        }
        if (!Array.isArray(security) || security.length !== 1) {
          report({
            message: `Operation must have exactly one security requirement: ${expected}.`,
            location: location.child('security'),
          });
          return;
        }
        const requirement = security[0] ?? {};
        const names = Object.keys(requirement);
        if (names.length !== 1 || names[0] !== scheme) {
          report({
            message: `The security requirement must name only \`${scheme}\`, not ${names.map((n) => `\`${n}\``).join(', ') || 'nothing'}.`,
            location: location.child(['security', 0]),
          });
          return;
        }
        const roles = requirement[scheme];
        if (!Array.isArray(roles) || roles.length !== 1 || !levels.includes(roles[0])) {
          report({
            message: `The role list of \`${scheme}\` must be exactly one permission level of ${levels.join(', ')}; found [${(roles ?? []).join(', ')}].`,
            location: location.child(['security', 0, scheme]),
          });
        }
      },
    },
  };
}
