// Annotations out (escaped as GitHub reads them) and back in, and JSON pointers located in YAML.
import { describe, expect, it } from 'vitest';
import { formatFinding, parseAnnotations } from '../src/findings.mjs';
import { locatePointer } from '../src/yaml-lines.mjs';

describe('formatFinding', () => {
  const finding = { severity: 'error', rule: 'coze/x', message: 'Two lines:\n100% sure', file: 'spec/a,b.yaml', line: 7, col: 3 };

  it('writes a GitHub Actions annotation, escaping what would end the message or a property', () => {
    expect(formatFinding(finding, 'github-actions')).toBe('::error file=spec/a%2Cb.yaml,line=7,col=3,title=coze/x::Two lines:%0A100%25 sure');
  });

  it('reads back what it writes', () => {
    expect(parseAnnotations(formatFinding(finding, 'github-actions'))).toEqual([finding]);
  });

  it('writes file:line:col for the terminal', () => {
    expect(formatFinding(finding, 'text')).toBe('spec/a,b.yaml:7:3  error  coze/x  Two lines:\n100% sure');
  });
});

describe('parseAnnotations', () => {
  it('reads redocly annotations and skips other output', () => {
    const output = 'validating...\n::warning title=no-unused-components,file=spec/a.yaml,line=12,col=5,endLine=12,endColumn=9::Component is never used.%0A%0AReference: x\n';
    expect(parseAnnotations(output)).toEqual([
      { severity: 'warning', rule: 'no-unused-components', file: 'spec/a.yaml', line: 12, col: 5, message: 'Component is never used.\n\nReference: x' },
    ]);
  });

  it("reads Spectral's annotations, whose rule ids hold colons", () => {
    const output = '::error title=owasp:api4:2023-integer-format,file=spec/a.yaml,col=14,endColumn=22,line=9,endLine=10::Schema of type integer must specify format (int32 or int64).\n';
    expect(parseAnnotations(output)).toEqual([
      { severity: 'error', rule: 'owasp:api4:2023-integer-format', file: 'spec/a.yaml', line: 9, col: 14, message: 'Schema of type integer must specify format (int32 or int64).' },
    ]);
  });
});

describe('locatePointer', () => {
  const yaml = ['paths:', '  /a/{id}:', '    get:', '      responses:', "        '200':", '          description: ok', ''].join('\n');

  it('finds the key of an existing node, decoding the pointer', () => {
    expect(locatePointer(yaml, "#/paths/~1a~1{id}/get/responses/200")).toEqual({ line: 5, col: 9, exact: true, pointer: '#/paths/~1a~1{id}/get/responses/200' });
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(locatePointer(yaml, '#/paths/~1a~1{id}/delete')).toEqual({ line: 2, col: 3, exact: false, pointer: '#/paths/~1a~1{id}' });
  });
});
