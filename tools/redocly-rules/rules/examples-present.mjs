import { reportOnce } from './report-once.mjs';

/**
 * `coze/examples-present`: request bodies and responses show an example of every media type (and, by default,
 * every parameter shows one), so the reference docs, the mock server and the example-validity rules
 * (`no-invalid-media-type-examples`, `no-invalid-parameter-examples`) always have something to work on.
 * An `example`, or an `examples` map with at least one entry, counts.
 *
 * Options: `requestBodies`, `responses`, `parameters` (each `true` by default).
 */
const hasExample = (node) =>
  node?.example !== undefined || (node?.examples !== undefined && Object.keys(node.examples).length > 0);

export default function examplesPresent({ requestBodies = true, responses = true, parameters = true } = {}) {
  const once = reportOnce();
  const mediaTypeCheck = (what) => ({
    enter(media, { report: reportAll, location, key }) {
      const report = once(reportAll);
      if (hasExample(media)) return;
      report({ message: `${what} media type \`${key}\` must have an \`example\` or \`examples\`.`, location: location.key() });
    },
  });
  return {
    Operation: {
      ...(requestBodies && { RequestBody: { MediaType: mediaTypeCheck('Request body') } }),
      ...(responses && { Response: { MediaType: mediaTypeCheck('Response') } }),
    },
    // Not nested under Operation: path-level parameters belong to no operation.
    ...(parameters && {
      Parameter: {
        enter(parameter, { report: reportAll, location }) {
          const report = once(reportAll);
          if (hasExample(parameter)) return;
          report({ message: `Parameter \`${parameter.name}\` must have an \`example\` or \`examples\`.`, location: location.key() });
        },
      },
    }),
  };
}
