/** Milliseconds as a log line or an error message says them: `850 ms`, `1.5 s`, `120 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  // Stryker disable next-line EqualityOperator: `s > 10` differs only at exactly 10, which is a whole number and rounds the same
  return `${Number.isInteger(s) || s >= 10 ? Math.round(s) : s.toFixed(1)} s`;
}

/** `1 attempt`, `3 attempts`. */
export function attemptsText(count: number): string {
  return `${count} attempt${count === 1 ? '' : 's'}`;
}
