// Prints JSON values as TypeScript object literals the way a person would write them:
// on one line when they fit, otherwise one property per line.

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WIDTH = 80;
// East Asian wide characters take two columns in a code view.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

function columns(text) {
  return text.length + (text.match(WIDE)?.length ?? 0);
}

function quote(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

function key(name) {
  return IDENTIFIER.test(name) ? name : quote(name);
}

function flat(value) {
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${key(k)}: ${flat(v)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return quote(value);
  return JSON.stringify(value);
}

/**
 * @param {unknown} value a JSON value
 * @param {number} indent the indentation of the line the literal starts on
 * @param {number} column where on that line the literal starts
 * @returns {string}
 */
export function tsLiteral(value, indent = 0, column = indent) {
  const oneLine = flat(value);
  // Leave room for what usually closes the line: `);` or `,`.
  if (column + columns(oneLine) + 2 <= WIDTH || !value || typeof value !== 'object') return oneLine;
  const inner = ' '.repeat(indent + 2);
  const lines = Array.isArray(value)
    ? value.map((item) => `${inner}${tsLiteral(item, indent + 2)},`)
    : Object.entries(value).map(([k, v]) => {
        const head = `${inner}${key(k)}: `;
        return `${head}${tsLiteral(v, indent + 2, head.length)},`;
      });
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join('\n')}\n${' '.repeat(indent)}${close}`;
}
