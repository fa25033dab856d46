// Every error the SDK can throw can be caught by its class from @coze/client, without a second import: the
// README names them all, and `instanceof` on an undefined export throws a TypeError.
import * as runtime from '@coze/runtime';
import { describe, expect, it } from 'vitest';
import * as client from '../src/index.js';

const errorClasses = Object.entries(runtime).filter(
  ([, value]) => typeof value === 'function' && (value === runtime.CozeError || value.prototype instanceof runtime.CozeError),
);

describe('@coze/client exports', () => {
  it("every error class of the runtime, as the runtime's own class", () => {
    expect(errorClasses.map(([name]) => name)).toEqual(expect.arrayContaining(['RedirectError', 'ResponseTooLargeError', 'APIError']));
    const missing = errorClasses.filter(([name, value]) => (client as Record<string, unknown>)[name] !== value).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
