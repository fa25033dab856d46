/**
 * `coze/operation-id-style`: an operationId is `resource.verb`, dot-separated lower camel case segments
 * (`workflow.list`, `chat.create`, `workflowRun.cancel`). The generated client turns the segments into
 * `client.workflow.list()`, so the id is public API.
 *
 * Options: `pattern` (a regular expression source, default below).
 */
const DEFAULT_PATTERN = '^[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)+$';

export default function operationIdStyle({ pattern = DEFAULT_PATTERN } = {}) {
  const regex = new RegExp(pattern);
  return {
    Operation: {
      enter(operation, { report, location }) {
        const id = operation.operationId;
        if (typeof id !== 'string' || regex.test(id)) return;
        report({
          message: `operationId \`${id}\` must be \`resource.verb\` in lower camel case segments (matching ${pattern}), for example \`workflow.list\`.`,
          location: location.child('operationId'),
        });
      },
    },
  };
}
