import { CozeError } from './coze-error.js';

/** One way the input breaks the contract: the field (a dotted path) and the rule it breaks. */
export interface ValidationIssue {
  /** Where, e.g. `body.temperature` or `body.messages[0].role`. */
  field: string;
  /** The JSON Schema keyword that failed, e.g. `maximum`, `required`, `enum`. */
  rule: string;
  /** A readable sentence naming the field and the rule. */
  message: string;
}

/** The input breaks the API contract; nothing was sent. */
export class RequestValidationError extends CozeError {
  override name = 'RequestValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(`Invalid request: ${issues.map((issue) => issue.message).join('; ')}`);
    this.issues = issues;
  }
}
