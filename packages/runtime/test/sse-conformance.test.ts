import { describe, expect, it } from 'vitest';
import { EventStream, UnexpectedResponseError } from '../src/index.js';
import { check, run, type ConformanceCase } from './sse-conformance/adapter.js';
import { eventsourceCases, eventsourceNotApplicable } from './sse-conformance/eventsource.cases.js';
import { eventsourceParserCases, eventsourceParserNotApplicable } from './sse-conformance/eventsource-parser.cases.js';
import { whatwgCases, wptCases, wptNotApplicable } from './sse-conformance/whatwg-wpt.cases.js';

/**
 * The peers' own suites against SSEParser, through a thin adapter (issue 12, finding 15): eventsource-parser's
 * tests, the `eventsource` package's fixture streams, the HTML standard's examples and web-platform-tests'
 * eventsource format cases, restated as data with a link to each source. Each case is one test, so the pass
 * count is the runner's; cases that test something other than the stream format are listed with the reason.
 */
const suites: Array<[string, ConformanceCase[]]> = [
  ['eventsource-parser', eventsourceParserCases],
  ['eventsource (fixture streams)', eventsourceCases],
  ['WHATWG HTML examples', whatwgCases],
  ['web-platform-tests eventsource', wptCases],
];

for (const [suite, cases] of suites) {
  describe(`SSE conformance: ${suite}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_, testCase) => {
      expect(check(testCase, run(testCase))).toEqual([]);
    });
  });
}

describe('SSE conformance: the suites as a whole', () => {
  it('counts: every applicable case is above; what does not apply is listed with its reason', () => {
    const applicable = suites.reduce((sum, [, cases]) => sum + cases.length, 0);
    const notApplicable = [...eventsourceParserNotApplicable, ...eventsourceNotApplicable, ...wptNotApplicable];
    expect(applicable).toBe(61);
    for (const entry of notApplicable) expect(entry.why.length).toBeGreaterThan(20);
  });

  it('WPT format-mime-valid-bogus, at the level that sees the Content-Type: EventStream refuses text/x-bogus', async () => {
    const response = new Response('data: data\n\n\n', { headers: { 'content-type': 'text/x-bogus' } });
    const stream = new EventStream(response, new AbortController(), {});
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});
