import { expect, it } from 'vitest';
import { attemptsText, duration } from '../src/format.js';

// How log lines and error messages say a time and a count (issue 15's messages and logs all go through these).

it.each([
  [0, '0 ms'],
  [850, '850 ms'],
  [999.4, '999 ms'],
  [1000, '1 s'],
  [1500, '1.5 s'],
  [9940, '9.9 s'],
  [10_000, '10 s'],
  [10_600, '11 s'],
  [120_000, '120 s'],
])('duration(%d) is %j', (ms, text) => {
  expect(duration(ms)).toBe(text);
});

it('counts attempts in words', () => {
  expect(attemptsText(1)).toBe('1 attempt');
  expect(attemptsText(3)).toBe('3 attempts');
});
