// Whether each `// Stryker disable next-line <Mutator>: <reason>` comment in a measured file disabled what it names.
// A comment that disables nothing still reads as "this mutant is equivalent", yet Stryker tested the mutant (or there
// was none): Babel attaches a comment between an `if` and its `else` to the statement before it, and a mutator name
// that does not occur on the line is simply ignored. Twice such a comment stood in the runtime for months.

/** The mutators a line's directive names (`all` included as written), or undefined when the line has none. */
const DIRECTIVE = /Stryker disable next-line ([\w,]+)/;

/**
 * The directives of `source` that disabled no mutant of a mutator they name: one entry per line and mutator. A
 * directive covers the mutants that start on its own line (a block comment before a `{`) or the next one, and those
 * are reported by Stryker as Ignored.
 *
 * @param {string} source the file's text as measured
 * @param {ReadonlyArray<{ mutatorName: string, status: string, location: { start: { line: number } } }>} mutants
 * @returns {Array<{ line: number, mutator: string }>}
 */
export function deadDirectives(source, mutants) {
  const dead = [];
  source.split('\n').forEach((text, index) => {
    const names = DIRECTIVE.exec(text)?.[1];
    if (!names) return;
    const line = index + 1;
    const ignored = mutants.filter(
      (mutant) => mutant.status === 'Ignored' && (mutant.location.start.line === line || mutant.location.start.line === line + 1),
    );
    for (const mutator of names.split(',')) {
      if (!ignored.some((mutant) => mutator === 'all' || mutant.mutatorName === mutator)) dead.push({ line, mutator });
    }
  });
  return dead;
}
