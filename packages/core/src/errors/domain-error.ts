/**
 * The one error type core throws. Codes map once to HTTP / tRPC status (error-codes.ts) and to a
 * translated message (i18n key `errors.<CODE>` unless a more specific key is given).
 */
import { ERROR_CODES, type ErrorCode } from "./error-codes.ts";

export type ErrorDetail = { path: string; message: string; messageKey?: string; params?: Record<string, unknown> };

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly i18nKey: string;
  readonly params: Record<string, unknown>;
  readonly details: ErrorDetail[];

  constructor(
    code: ErrorCode,
    options: { i18nKey?: string; params?: Record<string, unknown>; details?: ErrorDetail[]; cause?: unknown } = {},
  ) {
    super(code, { cause: options.cause });
    this.name = "DomainError";
    this.code = code;
    this.i18nKey = options.i18nKey ?? `errors.${code}`;
    this.params = options.params ?? {};
    this.details = options.details ?? [];
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** The partner-safe answer for a record that does not exist *or* that the actor may not see. */
export function notFound(entity: string): DomainError {
  return new DomainError("NOT_FOUND", { params: { entity } });
}
