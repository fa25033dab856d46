// The Coze API's lint conventions as a Redocly plugin: redocly.yaml loads it under `plugins:` and
// configures each rule as `coze/<rule>`. The README beside this file documents every rule and option.
import { boundedArrays, boundedStrings } from './rules/bounded-schemas.mjs';
import declaredErrorResponses from './rules/declared-error-responses.mjs';
import errorResponseSchema from './rules/error-response-schema.mjs';
import examplesPresent from './rules/examples-present.mjs';
import httpsServers from './rules/https-servers.mjs';
import operationIdStyle from './rules/operation-id-style.mjs';
import operationPermissionLevel from './rules/operation-permission-level.mjs';
import rateLimitHeaders from './rules/rate-limit-headers.mjs';

const rules = {
  'bounded-arrays': boundedArrays,
  'bounded-strings': boundedStrings,
  'declared-error-responses': declaredErrorResponses,
  'error-response-schema': errorResponseSchema,
  'examples-present': examplesPresent,
  'https-servers': httpsServers,
  'operation-id-style': operationIdStyle,
  'operation-permission-level': operationPermissionLevel,
  'rate-limit-headers': rateLimitHeaders,
};

export default function cozePlugin() {
  return {
    id: 'coze',
    rules: { oas3: rules },
  };
}
