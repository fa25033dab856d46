// Prints JSON values as Python literals and keyword-argument calls the way ruff formats them: on one line when
// they fit, otherwise one item per line with a trailing comma.

const WIDTH = 80;
// East Asian wide characters take two columns in a code view.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;
const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

function columns(text) {
  return text.length + (text.match(WIDE)?.length ?? 0);
}

/** The keyword argument a spec name becomes in the Python SDK (the generator's rule: snake_case, keywords get `_`). */
export function pythonName(name) {
  let snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (/^\d/.test(snake)) snake = `_${snake}`;
  return KEYWORDS.has(snake) ? `${snake}_` : snake;
}

function flat(value) {
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${flat(v)}`).join(', ')}}`;
  }
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return JSON.stringify(value);
}

/**
 * @param {unknown} value a JSON value
 * @param {number} indent the indentation of the line the literal starts on
 * @param {number} column where on that line the literal starts
 */
export function pyLiteral(value, indent = 0, column = indent) {
  const oneLine = flat(value);
  if (column + columns(oneLine) + 2 <= WIDTH || !value || typeof value !== 'object') return oneLine;
  const inner = ' '.repeat(indent + 4);
  const lines = Array.isArray(value)
    ? value.map((item) => `${inner}${pyLiteral(item, indent + 4)},`)
    : Object.entries(value).map(([k, v]) => {
        const head = `${inner}${JSON.stringify(k)}: `;
        return `${head}${pyLiteral(v, indent + 4, head.length)},`;
      });
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join('\n')}\n${' '.repeat(indent)}${close}`;
}

/** `head(name=value, …)` with keyword arguments, one per line when the call does not fit. */
export function pyCall(head, kwargs, indent = 0) {
  const entries = Object.entries(kwargs);
  const oneLine = `${head}(${entries.map(([k, v]) => `${pythonName(k)}=${flat(v)}`).join(', ')})`;
  if (entries.length === 0 || indent + columns(oneLine) <= WIDTH) return oneLine;
  const inner = ' '.repeat(indent + 4);
  const lines = entries.map(([k, v]) => {
    const start = `${inner}${pythonName(k)}=`;
    return `${start}${pyLiteral(v, indent + 4, start.length)},`;
  });
  return `${head}(\n${lines.join('\n')}\n${' '.repeat(indent)})`;
}
