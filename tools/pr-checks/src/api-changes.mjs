// Release notes from the contract: the changes the breaking-change gate's diff (`redocly diff`) found between the
// base's spec and the working tree's, in words a user of the client reads in CHANGELOG.md — operations and fields
// added, deprecated, tightened or loosened, and (under a new major version) what breaks.
import { parse } from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PROSE = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs']);
// Raising one of these accepts or promises more; lowering one of the others does.
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties']);
const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']);

const decode = (segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const segmentsOf = (pointer = '') => pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map(decode);
const at = (doc, segments) => segments.reduce((node, key) => node?.[key], doc);
const code = (text) => `\`${text}\``;
const list = (values) => values.map((v) => code(typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

/**
 * Where a change is, read from its path in the diff (`#/paths/~1chat/post/requestBody/…/properties/temperature`)
 * and the pointer of the changed node (`#/components/schemas/Chat/properties/content`).
 */
function placeOf(change, docs) {
  const segments = segmentsOf(change.path);
  const [root, path, method] = segments;
  const doc = change.kind === 'removed' ? docs.base : docs.head;
  const operation = root === 'paths' && METHODS.includes(method) ? at(doc, ['paths', path, method]) : undefined;
  const op = operation?.operationId ? code(operation.operationId) : path ? code(`${method?.toUpperCase() ?? ''} ${path}`.trim()) : '';
  const direction = segments.includes('responses') ? 'response' : segments.includes('requestBody') ? 'request' : segments.includes('parameters') ? 'parameter' : undefined;
  // A field: the property names along the changed node's own pointer, under its component when it has one.
  const pointer = segmentsOf((change.kind === 'removed' ? change.base : change.revision)?.pointer ?? change.path);
  const fieldPath = pointer.filter((s, i) => pointer[i - 1] === 'properties');
  const component = pointer[0] === 'components' && pointer[1] === 'schemas' ? pointer[2] : undefined;
  const field = fieldPath.length > 0 ? code([component, ...fieldPath].filter(Boolean).join('.')) : component ? code(component) : undefined;
  const headerIndex = segments.indexOf('headers');
  const header = headerIndex >= 0 ? segments[headerIndex + 1] : undefined;
  const parameterIndex = segments.indexOf('parameters');
  const parameter = parameterIndex >= 0 ? resolve(doc, at(doc, segments.slice(0, parameterIndex + 2))) : undefined;
  return { op, operation, direction, header, field, isField: fieldPath.length > 0, inline: !component, parameter, pointer };
}

function resolve(doc, node) {
  let current = node;
  for (let i = 0; i < 8 && typeof current?.$ref === 'string'; i++) current = at(doc, segmentsOf(current.$ref));
  return current;
}

/** "the response field `Workflow.tags`", "the request field `top_p` of `chat.create`", "the query parameter `cursor` of `workflow.list`" */
function subject(place) {
  if (place.header) return `the response header ${code(place.header)}`;
  if (place.direction === 'parameter' && place.parameter) return `the ${place.parameter.in} parameter ${code(place.parameter.name)} of ${place.op}`;
  if (place.field && place.isField) return `the ${place.direction ?? 'schema'} field ${place.field}${place.inline && place.op ? ` of ${place.op}` : ''}`;
  if (place.field) return `the ${place.direction ?? 'schema'} type ${place.field}`;
  return place.op || 'the API';
}

function operationsIn(pathItem, path) {
  return METHODS.filter((m) => pathItem?.[m]).map((m) => ({ method: m, path, operation: pathItem[m] }));
}

const describeOperation = ({ method, path, operation }) =>
  `${operation.operationId ? `${code(operation.operationId)} (${code(`${method.toUpperCase()} ${path}`)})` : code(`${method.toUpperCase()} ${path}`)}${operation.summary ? `: ${operation.summary.trim().replace(/\.?$/, '.')}` : '.'}`;

function describe(change, docs) {
  const place = placeOf(change, docs);
  const value = change.kind === 'removed' ? change.base?.value : change.revision?.value;
  const segments = segmentsOf(change.path);

  if (change.typeName === 'PathItem' || change.typeName === 'Operation') {
    if (change.kind !== 'modified') {
      const path = segments[1];
      const ops = change.typeName === 'PathItem' ? operationsIn(value, path) : [{ method: segments[2], path, operation: value ?? {} }];
      const verb = change.kind === 'added' ? 'Added' : 'Removed';
      return ops.map((op) => ({ group: change.kind, text: `${verb} ${describeOperation(op)}` }));
    }
    if (change.property === 'deprecated') {
      return [{ group: 'deprecated', text: change.revision?.value === true ? `Deprecated ${place.op}.` : `${place.op} is no longer deprecated.` }];
    }
  }
  if (change.typeName === 'Parameter' && change.kind !== 'modified') {
    const parameter = resolve(change.kind === 'removed' ? docs.base : docs.head, value) ?? {};
    const optional = parameter.required ? 'required' : 'optional';
    const verb = change.kind === 'added' ? 'Added the' : 'Removed the';
    return [{ group: change.kind, text: `${verb} ${optional} ${parameter.in} parameter ${code(parameter.name)} ${change.kind === 'added' ? 'to' : 'from'} ${place.op}.` }];
  }
  if (change.typeName === 'Response' && change.kind !== 'modified') {
    const status = segments.at(-1);
    return [{ group: change.kind, text: change.kind === 'added' ? `${place.op} may answer ${code(status)}.` : `${place.op} no longer answers ${code(status)}.` }];
  }
  if (change.typeName === 'MediaType' && change.kind !== 'modified') {
    const type = segments.at(-1);
    const what = place.direction === 'request' ? 'accepts' : 'may answer';
    return [{ group: change.kind, text: change.kind === 'added' ? `${place.op} ${what} ${code(type)}.` : `${place.op} no longer ${what === 'accepts' ? 'accepts' : 'answers'} ${code(type)}.` }];
  }
  if (change.typeName === 'Schema' && change.kind !== 'modified' && place.field) {
    const name = segmentsOf(change.path).at(-1);
    const parent = at(change.kind === 'removed' ? docs.base : docs.head, place.pointer.slice(0, -2));
    const required = Array.isArray(parent?.required) && parent.required.includes(name);
    const verb = change.kind === 'added' ? 'Added the' : 'Removed the';
    return [{ group: change.kind, text: `${verb} ${required ? 'required' : 'optional'} ${subject(place).replace(/^the /, '')}.` }];
  }
  if (change.kind === 'modified') {
    const before = change.base?.value;
    const after = change.revision?.value;
    // Extensions (`x-provenance`, `x-internal`, …) are for the spec's tooling and authors, not for users; the
    // version is in the notes' heading.
    if (change.property?.startsWith('x-') || (change.path === '#/info' && change.property === 'version')) return [];
    if (change.property === 'format' && after !== undefined) {
      const promised = place.direction === 'response' || place.header;
      return [{ group: promised ? 'tightened' : 'changed', text: `Declared ${subject(place)} as ${code(after)}.` }];
    }
    if (change.property === 'deprecated') {
      return [{ group: 'deprecated', text: after === true ? `Deprecated ${subject(place)}.` : `${subject(place)} is no longer deprecated.` }];
    }
    if (PROSE.has(change.property)) return [{ group: 'documentation', text: place.op || place.field || 'the overview' }];
    if (change.property === 'enum' && Array.isArray(before) && Array.isArray(after)) {
      const gained = after.filter((v) => !before.includes(v));
      const lost = before.filter((v) => !after.includes(v));
      return [
        ...(gained.length ? [{ group: 'changed', text: `${capital(subject(place))} ${place.direction === 'response' ? 'may hold' : 'accepts'} ${gained.length > 1 ? 'the new values' : 'the new value'} ${list(gained)}.` }] : []),
        ...(lost.length ? [{ group: 'changed', text: `${capital(subject(place))} no longer ${place.direction === 'response' ? 'holds' : 'accepts'} ${list(lost)}.` }] : []),
      ];
    }
    if (change.property === 'required' && (Array.isArray(after) || Array.isArray(before))) {
      const now = (after ?? []).filter((v) => !(before ?? []).includes(v));
      const no = (before ?? []).filter((v) => !(after ?? []).includes(v));
      const where = (name) =>
        place.field && !place.inline
          ? `${place.direction ?? 'schema'} field ${code(`${place.field.replace(/`/g, '')}.${name}`)}`
          : `${place.direction ?? 'schema'} field ${code(name)}${place.op ? ` of ${place.op}` : ''}`;
      return [
        ...now.map((name) => ({ group: place.direction === 'response' ? 'tightened' : 'changed', text: place.direction === 'response' ? `The ${where(name)} is now always present.` : `The ${where(name)} is now required.` })),
        ...no.map((name) => ({ group: place.direction === 'response' ? 'changed' : 'loosened', text: place.direction === 'response' ? `The ${where(name)} may now be absent.` : `The ${where(name)} is now optional.` })),
      ];
    }
    if (UPPER_BOUNDS.has(change.property) || LOWER_BOUNDS.has(change.property)) {
      const wider = UPPER_BOUNDS.has(change.property) ? (after ?? Infinity) > (before ?? Infinity) : (after ?? -Infinity) < (before ?? -Infinity);
      // Requests accepting more, and responses promising more, are the safe directions.
      const group = place.direction === 'response' ? (wider ? 'changed' : 'tightened') : wider ? 'loosened' : 'tightened';
      const verb = group === 'tightened' ? 'Tightened' : group === 'loosened' ? 'Loosened' : 'Changed';
      return [{ group, text: `${verb} ${subject(place)}: ${code(change.property)} ${before ?? 'none'} → ${after ?? 'none'}.` }];
    }
    return [{ group: 'changed', text: `Changed ${code(change.property ?? 'the definition')} of ${subject(place)}${before !== undefined || after !== undefined ? `: ${JSON.stringify(before ?? null)} → ${JSON.stringify(after ?? null)}` : ''}.` }];
  }
  return [{ group: 'changed', text: `Changed ${subject(place)}.` }];
}

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

const ORDER = ['breaking', 'added', 'deprecated', 'tightened', 'loosened', 'changed', 'removed'];

/**
 * The API changes of a diff report, in words, one line each: breaking (allowed only by a new major version) first,
 * then added, deprecated, tightened, loosened, changed and removed, and last which documentation was reworded.
 *
 * @param {{ report: { changes?: any[] }, baseText: string, headText: string }} input
 * @returns {string[]}
 */
export function describeApiChanges({ report, baseText, headText }) {
  const docs = { base: parse(baseText) ?? {}, head: parse(headText) ?? {} };
  const seen = new Set();
  const lines = [];
  const documentation = new Set();
  for (const change of report.changes ?? []) {
    const breaking = (change.verdicts ?? []).filter((verdict) => verdict.impact === 'major').map((verdict) => verdict.message);
    // A breaking change (allowed only by a new major version) reads as the gate said it.
    const described = breaking.length > 0 ? [{ group: 'breaking', text: `**Breaking:** ${breaking.join(' ')}` }] : describe(change, docs);
    for (const { group, text } of described) {
      if (group === 'documentation') {
        documentation.add(text);
        continue;
      }
      if (seen.has(text)) continue;
      seen.add(text);
      lines.push({ group, line: text });
    }
  }
  // By group, and within one, operations before fields.
  const rank = (entry) => ORDER.indexOf(entry.group) * 2 + (/^(Added|Removed|Deprecated) `/.test(entry.line) ? 0 : 1);
  lines.sort((a, b) => rank(a) - rank(b));
  const out = lines.map((entry) => entry.line);
  if (documentation.size > 0) out.push(`Reworded the documentation of ${[...documentation].sort().join(', ')}.`);
  return out;
}

/**
 * The changeset that releases a spec change: `@coze/client` bumped as the change needs, its body the API changes.
 *
 * @param {{ packageName: string, bump: string, lines: string[], from?: string, to?: string }} input
 */
export function apiChangeset({ packageName, bump, lines, from, to }) {
  const versions = from && to && from !== to ? ` ${from} → ${to}` : '';
  const body = lines.length > 0 ? lines.map((line) => `- ${line}`).join('\n') : '- No change to operations or fields.';
  return `---\n'${packageName}': ${bump}\n---\n\nAPI changes (spec/coze.v1.yaml${versions}):\n\n${body}\n`;
}
