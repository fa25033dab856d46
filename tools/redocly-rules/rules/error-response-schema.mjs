import { reportOnce } from './report-once.mjs';

/**
 * `coze/error-response-schema`: every error response (4XX, 5XX and `default`) of an operation has a body, and
 * each of its media types uses the shared error schema by reference, so that one error type serves every
 * operation in the generated client.
 *
 * Options: `schema` (the exact `$ref`, default `#/components/schemas/Error`).
 */
const ERROR_STATUS = /^([45](\d\d|XX)|default)$/i;

export default function errorResponseSchema({ schema = '#/components/schemas/Error' } = {}) {
  const once = reportOnce();
  return {
    Operation: {
      Response: {
        enter(response, { report: reportAll, location, key }) {
          const report = once(reportAll);
          if (!ERROR_STATUS.test(String(key))) return;
          const content = response.content ?? {};
          if (Object.keys(content).length === 0) {
            report({
              message: `Error response \`${key}\` must have a body whose schema is \`${schema}\`.`,
              location: location.key(),
            });
            return;
          }
          for (const [mediaType, media] of Object.entries(content)) {
            if (media?.schema?.$ref === schema) continue;
            report({
              message: `Error response \`${key}\` (${mediaType}) must use the shared error schema \`$ref: '${schema}'\`.`,
              location: media?.schema ? location.child(['content', mediaType, 'schema']) : location.child(['content', mediaType]).key(),
            });
          }
        },
      },
    },
  };
}
