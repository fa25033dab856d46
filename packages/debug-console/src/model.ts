// What the build (scripts/model.mjs) reads out of one edition of the spec for the page.

/** A JSON Schema, every internal `$ref` resolved. */
export type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  default?: unknown;
  examples?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
  [key: string]: unknown;
};

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description: string;
  schema: Schema;
  example: unknown;
}

export interface Operation {
  /** The operationId, `resource.verb`: the client method is `coze.<resource>.<verb>`. */
  id: string;
  resource: string;
  verb: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  /** The permission level the operation's security requirement names (`read`, `write`, `admin`). */
  level: string | undefined;
  params: Param[];
  body: { required: boolean; schema: Schema; examples: Array<{ name: string; summary: string; value: unknown }> } | undefined;
  /** Parameter values a first call can use: path parameters and query parameters with a default. */
  prefill: Record<string, unknown>;
  /** Answers server-sent events when its body says `stream: true` (then `coze.<resource>.stream`). */
  streams: boolean;
  paginated: boolean;
}

export interface ConsoleModel {
  title: string;
  version: string;
  servers: Array<{ url: string; description: string }>;
  /** The tags: `name` is what operations' `tag` holds, `displayName` the heading (the tag's x-displayName, else its name). */
  groups: Array<{ name: string; displayName: string; description: string; operations: string[] }>;
  operations: Operation[];
  /** The error table of the spec's introduction, by status. */
  errors: Record<string, { meaning: string; advice: string }>;
}

/** The page's data: one model per edition of the docs. */
export interface ConsoleData {
  editions: Array<{ id: string; label: string; lang: string }>;
  models: Record<string, ConsoleModel>;
}

/** What the serving process tells the page (the embedded server); `{}` when the page is opened statically. */
export interface ConsoleConfig {
  embedded?: { url: string; tokens: Record<string, string> };
}
