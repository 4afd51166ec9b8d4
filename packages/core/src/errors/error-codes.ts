/** Every error code core can raise, with its HTTP status and tRPC code. API.md fixes the HTTP side. */
export const ERROR_CODES = {
  VALIDATION_FAILED: { http: 400, trpc: "BAD_REQUEST" },
  UNAUTHENTICATED: { http: 401, trpc: "UNAUTHORIZED" },
  INVALID_CREDENTIALS: { http: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { http: 403, trpc: "FORBIDDEN" },
  WRONG_APP: { http: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { http: 404, trpc: "NOT_FOUND" },
  EMAIL_TAKEN: { http: 409, trpc: "CONFLICT" },
  IDEMPOTENCY_KEY_REUSED: { http: 409, trpc: "CONFLICT" },
  CONFLICT: { http: 409, trpc: "CONFLICT" },
  RULE_VIOLATION: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  PARTNER_HIERARCHY_CYCLE: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  ASSIGNEE_NOT_IN_PARTNER: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  PARTNER_INACTIVE: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  ALREADY_DECIDED: { http: 409, trpc: "CONFLICT" },
  EXTENSION_ALREADY_REQUESTED: { http: 409, trpc: "CONFLICT" },
  NOT_IN_POOL: { http: 409, trpc: "CONFLICT" },
  REGISTRATION_CONFLICT: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  EXTENSION_NOT_ALLOWED: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  POOL_CLAIM_CAP_REACHED: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  MERGE_NOT_ALLOWED: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  LOGIN_THROTTLED: { http: 429, trpc: "TOO_MANY_REQUESTS" },
  UNSCOPED_QUERY: { http: 500, trpc: "INTERNAL_SERVER_ERROR" },
  INTERNAL: { http: 500, trpc: "INTERNAL_SERVER_ERROR" },
} as const satisfies Record<string, { http: number; trpc: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type TrpcErrorCode = (typeof ERROR_CODES)[ErrorCode]["trpc"];

/** Status for a code; unknown codes are internal errors (never leak as 2xx or 4xx). */
export function httpStatusFor(code: string): number {
  return code in ERROR_CODES ? ERROR_CODES[code as ErrorCode].http : 500;
}

const TRPC_TO_CODE: Record<string, ErrorCode> = {
  BAD_REQUEST: "VALIDATION_FAILED",
  PARSE_ERROR: "VALIDATION_FAILED",
  UNAUTHORIZED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNPROCESSABLE_CONTENT: "RULE_VIOLATION",
  TOO_MANY_REQUESTS: "LOGIN_THROTTLED",
};

/** For errors tRPC raised itself (bad JSON, unknown route): our code for its code. */
export function codeForTrpcCode(trpcCode: string): ErrorCode {
  return TRPC_TO_CODE[trpcCode] ?? "INTERNAL";
}
