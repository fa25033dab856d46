import { RequestValidationError } from './errors/index.js';

/** `baseUrl` + the path template with its `{params}` filled in + the query string. */
export function buildUrl(
  baseUrl: string,
  template: string,
  path: Record<string, unknown> | undefined,
  query: Record<string, unknown> | undefined,
): string {
  // Stryker disable next-line StringLiteral: equivalent: fillPath leaves a template with no '{' as it is, so looking for '' (always found) builds the same URL
  let url = baseUrl + (template.includes('{') ? fillPath(template, path ?? {}) : template);
  if (query) {
    const search = new URLSearchParams();
    for (const name in query) {
      const value = query[name];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const item of value) search.append(name, String(item));
      else search.append(name, String(value));
    }
    const encoded = search.toString();
    if (encoded) url += `?${encoded}`;
  }
  return url;
}

function fillPath(template: string, path: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = path[name];
    if (value === undefined || value === null || value === '') {
      throw new RequestValidationError([
        { field: `path.${name}`, rule: 'required', message: `path.${name} is required` },
      ]);
    }
    return encodeURIComponent(String(value));
  });
}
