/**
 * Requests made from the spec's own examples, for tests that cover every operation of the spec without listing
 * them: a new operation is covered the moment it is added.
 *
 * @example
 * import { exampleRequest, loadContract } from '@coze/mock-server/testing';
 * const { operations } = await loadContract();
 * for (const operation of operations) {
 *   const request = await exampleRequest(server, operation); // creates the workflow a `{workflow_id}` names
 * }
 */
import type { MockServer } from './index.js';

export interface SpecOperation {
  /** The operationId, e.g. `workflow.get`. */
  id: string;
  /** Upper case, e.g. `GET`. */
  method: string;
  /** The spec's path, e.g. `/workflow/{workflow_id}`. */
  template: string;
  pathParamNames: string[];
  /** Path-level and operation-level parameters, dereferenced. */
  parameters: Array<{ name: string; in: string; required?: boolean; schema?: any }>;
  security: Array<Record<string, string[]>>;
  requestBody: any;
  responses: Record<string, any>;
}

export interface SpecContract {
  /** The dereferenced OpenAPI document. */
  spec: any;
  /** The path of the first server URL, e.g. `/v1`. */
  basePath: string;
  operations: SpecOperation[];
}

export interface ExampleRequest {
  method: string;
  /** Relative to the base URL, with the query. */
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** The required header parameters, in the spec's spelling. */
  headers: Record<string, string>;
  body: unknown;
}

/** The repository's spec (or another OpenAPI file), dereferenced, with its operations. Loaded once per process. */
export function loadContract(specPath?: string): Promise<SpecContract>;

/**
 * A valid request from the spec's examples: required parameters, the first JSON body example, and for each path
 * parameter the id of a resource made by the operation that creates it (`POST /workflow` for `{workflow_id}`).
 */
export function exampleRequest(
  server: Pick<MockServer, 'url' | 'tokens'>,
  operation: SpecOperation,
  options?: { contract?: SpecContract; fetch?: typeof fetch },
): Promise<ExampleRequest>;

/** The operation's first success status (the lowest 2xx). */
export function successStatus(operation: SpecOperation): number;

/** The problems the spec finds with a response; empty when it conforms. */
export function validateResponse(
  contract: SpecContract,
  response: { method: string; pathname: string; status: number; headers: Headers; body: unknown },
): string[];
