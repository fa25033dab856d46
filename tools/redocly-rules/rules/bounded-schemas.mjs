/**
 * `coze/bounded-strings` and `coze/bounded-arrays`: every string schema has an upper bound on its length and
 * every array schema on its number of items, so servers can reject oversized input early and clients can size
 * what they store. A `pattern` does not bound a string here: whether a regular expression bounds length is not
 * decidable at a glance, so a patterned string states its `maxLength` too.
 *
 * Option of each: `boundedBy`, the keywords any one of which bounds the schema
 * (strings: `[maxLength, enum, const]`; arrays: `[maxItems, enum, const]`).
 */
function boundedRule(type, defaultBoundedBy) {
  return function bounded({ boundedBy = defaultBoundedBy } = {}) {
    return {
      Schema: {
        enter(schema, { report, location }) {
          if (![schema.type].flat().includes(type)) return;
          if (boundedBy.some((keyword) => schema[keyword] !== undefined)) return;
          report({
            message: `A schema of type ${type} must be bounded by ${boundedBy.map((k) => `\`${k}\``).join(', or ')}.`,
            location: location.child('type'),
          });
        },
      },
    };
  };
}

export const boundedStrings = boundedRule('string', ['maxLength', 'enum', 'const']);
export const boundedArrays = boundedRule('array', ['maxItems', 'enum', 'const']);
