// The built page: one self-contained file under its size budget, with a policy that lets it load nothing from
// elsewhere. Sizes are deterministic (minified by esbuild, gzip -9), so the budget is enforced here.

import { describe, expect, it } from 'vitest';
import { pageWeight } from '../server/page-weight.js';
import { readPage } from './support.js';

/**
 * The budget, min+gzip, in bytes: the page as served (script, styles and both editions' spec data) and its script.
 * Raised from 42/33 kB on 2026-11-30: @coze/client's hardening (issue 12) added 1.4 kB to the bundled client
 * (measured 43.2 / 34.5 kB). Raised again (issue 15): logging, onRetry and per-attempt response headers,
 * withOptions and the messages that name the fix cost the bundled client 2.6 kB (measured 45.8 / 37.3 kB).
 */
export const BUDGET = { page: 46_500, script: 38_000 };

describe('the built page', () => {
  it('stays within its size budget', async () => {
    const weight = pageWeight(await readPage());
    expect(weight.script.raw).toBeGreaterThan(0);
    const sizes = { page: weight.page.gzip, script: weight.script.gzip };
    console.log(`debug console, min+gzip: page ${(sizes.page / 1000).toFixed(1)} kB (budget ${BUDGET.page / 1000}), script ${(sizes.script / 1000).toFixed(1)} kB (budget ${BUDGET.script / 1000})`);
    expect(sizes.page).toBeLessThanOrEqual(BUDGET.page);
    expect(sizes.script).toBeLessThanOrEqual(BUDGET.script);
  });

  it('loads nothing from elsewhere and runs only its own script', async () => {
    const html = await readPage();
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(pageWeight(html)).toMatchObject({ requests: 1, external: [] });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe');
    // Exactly one script runs; the others are JSON data.
    expect(html.match(/<script(?! type="application\/json")/g)).toHaveLength(1);
  });

  it('counts as a request every src and href that is not a data: URL (what pageWeight tells the bench)', () => {
    const html = '<link rel="icon" href="data:,"><script src="/app.js"></script><link rel="stylesheet" href="https://cdn.example/x.css">';
    expect(pageWeight(html)).toMatchObject({ requests: 3, external: ['/app.js', 'https://cdn.example/x.css'] });
  });
});
