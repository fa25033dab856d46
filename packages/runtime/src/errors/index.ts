export { CozeError } from './coze-error.js';
export {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type ErrorBody,
} from './api-error.js';
export { APIConnectionError, APITimeoutError, APIUserAbortError } from './connection-errors.js';
export { RequestValidationError, type ValidationIssue } from './request-validation-error.js';
export { RedirectError } from './redirect-error.js';
export { ResponseTooLargeError } from './response-too-large-error.js';
export { StreamParseError } from './stream-parse-error.js';
export { UnexpectedResponseError } from './unexpected-response-error.js';
export { errorFromResponse, type ErrorContext } from './from-response.js';
