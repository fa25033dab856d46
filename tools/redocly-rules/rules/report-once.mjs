/**
 * Nested visitors (`Operation` → `Response`) visit a shared component once for every operation that references
 * it. A finding belongs to the component, so a rule reports it once per location and message.
 *
 * @example
 *   const once = reportOnce();
 *   // in a visitor: once(ctx.report)({ message, location })
 */
export function reportOnce() {
  const seen = new Set();
  return (report) => (problem) => {
    const id = `${problem.location.source.absoluteRef}#${problem.location.pointer}\n${problem.message}`;
    if (seen.has(id)) return;
    seen.add(id);
    report(problem);
  };
}
