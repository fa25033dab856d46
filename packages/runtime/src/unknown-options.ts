import { CozeError } from './errors/index.js';

/**
 * Throws when `given` has a key that `known` does not list, naming each such key with the closest
 * known one ("did you mean"). Plain JavaScript (and a cast) lets a misspelt option through; ignored,
 * a misspelt `baseURL` would send the token to the default server.
 *
 * @param what how the caller is named in the message, e.g. `new CozeAPI()`
 * @example
 * rejectUnknownOptions({ baseUrl: 'http://127.0.0.1:4010/v1' }, ['apiKey', 'baseURL'], 'new CozeAPI()');
 * // CozeError: Unknown option for new CozeAPI(): `baseUrl` (did you mean `baseURL`?). …
 */
export function rejectUnknownOptions(given: object, known: readonly string[], what: string): void {
  const unknown = unknownOptions(given, known);
  if (unknown.length > 0) throw new CozeError(`${unknownOptionsMessage(unknown, known, what)}.`);
}

/** The keys of `given` that `known` does not list, each with the closest known one, if any. */
export function unknownOptions(given: object, known: readonly string[]): Array<{ key: string; suggestion: string | undefined }> {
  return Object.keys(given)
    .filter((key) => !known.includes(key))
    .map((key) => ({ key, suggestion: closestName(key, known) }));
}

/**
 * What a caller is told of unknown options, without a final full stop (a RequestValidationError joins
 * its issues' messages): `Unknown option for <what>: \`x\` (did you mean \`y\`?). The options are: …`.
 */
export function unknownOptionsMessage(unknown: ReadonlyArray<{ key: string; suggestion: string | undefined }>, known: readonly string[], what: string): string {
  const named = unknown.map(({ key, suggestion }) => (suggestion ? `\`${key}\` (did you mean \`${suggestion}\`?)` : `\`${key}\``));
  return `Unknown option${unknown.length > 1 ? 's' : ''} for ${what}: ${named.join(', ')}. The options are: ${known.join(', ')}`;
}

/**
 * The known name a misspelling most likely meant: the same letters in another case or with `_`/`-`
 * (`baseUrl`, `base_url` → `baseURL`), else one that contains it (`retries` → `maxRetries`), else the
 * nearest by edit distance, within half its length.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
  const exact = known.find((candidate) => plain(candidate) === plain(name));
  if (exact) return exact;
  const containing = known.find((candidate) => plain(name).length > 2 && plain(candidate).includes(plain(name)));
  if (containing) return containing;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 2)) + 1;
  for (const candidate of known) {
    const distance = editDistance(plain(name), plain(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
