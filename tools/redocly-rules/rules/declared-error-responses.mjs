/**
 * `coze/declared-error-responses`: every operation declares the error responses that any request can get,
 * whatever it asks: `401` (a missing or unknown token) and `429` (the rate limit), and `403` (a token below the
 * level) where the operation has a permission level — a security requirement with a non-empty role list, its
 * own or inherited from the root. A generated client and its docs then know every status a call can end in.
 *
 * Options: `always` (default `['401', '429']`), `withLevel` (default `['403']`).
 */
export default function declaredErrorResponses({ always = ['401', '429'], withLevel = ['403'] } = {}) {
  let rootSecurity = [];
  return {
    Root: {
      enter(root) {
        rootSecurity = root.security ?? [];
      },
    },
    Operation: {
      enter(operation, { report, location }) {
        const security = operation.security ?? rootSecurity;
        const hasLevel = security.some((requirement) => Object.values(requirement ?? {}).some((roles) => roles?.length > 0));
        const declared = new Set(Object.keys(operation.responses ?? {}).map(String));
        const missing = [...always, ...(hasLevel ? withLevel : [])].filter((status) => !declared.has(String(status)));
        if (missing.length === 0) return;
        const why = missing.some((status) => !always.includes(status))
          ? 'every operation can answer them, and this one has a permission level'
          : 'every operation can answer them';
        report({
          message: `Operation must declare the response${missing.length > 1 ? 's' : ''} ${missing.map((s) => `\`${s}\``).join(', ')} (${why}).`,
          location: operation.responses ? location.child('responses').key() : location.key(),
        });
      },
    },
  };
}
