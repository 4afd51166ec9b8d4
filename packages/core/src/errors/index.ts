export { DomainError, isDomainError, notFound, type ErrorDetail } from "./domain-error.ts";
export { ERROR_CODES, httpStatusFor, codeForTrpcCode, type ErrorCode } from "./error-codes.ts";
export { validationError } from "./validation-error.ts";
