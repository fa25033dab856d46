/** @typedef {'read' | 'write' | 'admin'} Level */

/** Cumulative levels, lowest first: `write` includes `read`, `admin` includes `write`. */
export const LEVELS = /** @type {const} */ (['read', 'write', 'admin']);

/** The tokens a server knows unless told otherwise, one per level. */
export const DEMO_TOKENS = Object.freeze({
  'demo-read-token': 'read',
  'demo-write-token': 'write',
  'demo-admin-token': 'admin',
});

/**
 * The lowest level an operation needs, read from the role lists of its bearer security requirements.
 * `undefined` means the operation is public (an empty requirement list, or an empty requirement object).
 *
 * @param {any[]} security the operation's (or the document's) security requirements
 * @returns {Level | undefined}
 */
export function requiredLevel(security) {
  /** @type {Level | undefined} */
  let lowest;
  for (const requirement of security) {
    // `{}` among the alternatives makes authentication optional.
    if (Object.keys(requirement ?? {}).length === 0) return undefined;
    const roles = Object.values(requirement).flat();
    // A requirement without roles needs a valid token and nothing more.
    if (roles.length === 0) roles.push('read');
    for (const role of roles) {
      if (!isLevel(role)) throw new Error(`The spec names an unknown permission level '${role}'`);
      if (lowest === undefined || rank(role) < rank(lowest)) lowest = role;
    }
  }
  return lowest;
}

/**
 * @param {Level} held
 * @param {Level} needed
 */
export function permits(held, needed) {
  return rank(held) >= rank(needed);
}

/**
 * The bearer token of an `Authorization` header, or undefined when there is none.
 *
 * @param {string | undefined} header
 */
export function bearerToken(header) {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Validates a `tokens` option and picks the first token of each level, which the server reports as its demo
 * tokens. Every level needs a token, so callers can rely on `server.tokens.admin` and the like.
 *
 * @param {Record<string, Level>} tokens
 * @returns {{ levels: Map<string, Level>, byLevel: Record<Level, string> }}
 */
export function normalizeTokens(tokens) {
  /** @type {Map<string, Level>} */
  const levels = new Map();
  for (const [token, level] of Object.entries(tokens)) {
    if (!isLevel(level)) throw new TypeError(`Token '${token}' has level '${level}'; use read, write or admin`);
    if (!/^\S+$/.test(token)) throw new TypeError('A token cannot be empty or contain whitespace');
    levels.set(token, level);
  }
  /** @type {Partial<Record<Level, string>>} */
  const byLevel = {};
  for (const [token, level] of levels) byLevel[level] ??= token;
  for (const level of LEVELS) {
    if (!byLevel[level]) throw new TypeError(`The tokens option has no ${level} token; give one of each level`);
  }
  return { levels, byLevel: /** @type {Record<Level, string>} */ (byLevel) };
}

/** @param {unknown} value @returns {value is Level} */
function isLevel(value) {
  return LEVELS.includes(/** @type {Level} */ (value));
}

/** @param {Level} level */
function rank(level) {
  return LEVELS.indexOf(level);
}
