/**
 * One mapping from anything thrown to (code, HTTP status, translated message, translated details).
 * Used by the tRPC errorFormatter, the REST wrapper and the apps' error boundaries.
 */
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { codeForTrpcCode, DomainError, ERROR_CODES, validationError, type ErrorCode } from "../errors/index.ts";
import { hasMessage, translator, type Locale } from "../i18n/index.ts";

export type PublicError = {
  code: ErrorCode;
  status: number;
  message: string;
  details: Array<{ path: string; message: string }>;
};

/** Normalise any thrown value into a DomainError (unknown errors become INTERNAL, never leaked). */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof ZodError) return validationError(error);
  if (error instanceof TRPCError) {
    if (error.cause && error.cause !== error) {
      const inner = toDomainError(error.cause);
      if (inner.code !== "INTERNAL" || error.code === "INTERNAL_SERVER_ERROR") return inner;
    }
    return new DomainError(codeForTrpcCode(error.code), { cause: error });
  }
  if (error && typeof error === "object" && "cause" in error && (error as { cause: unknown }).cause instanceof DomainError) {
    return (error as { cause: DomainError }).cause;
  }
  return new DomainError("INTERNAL", { cause: error });
}

export function publicError(error: unknown, locale: Locale): PublicError {
  const domain = toDomainError(error);
  const t = translator(locale);
  const translate = (key: string, params: Record<string, unknown>) => (hasMessage(key) ? String(t(key, params)) : String(t("errors.field.invalid")));
  return {
    code: domain.code,
    status: ERROR_CODES[domain.code].http,
    message: translate(domain.i18nKey, domain.params),
    details: domain.details.map((d) => ({ path: d.path, message: translate(d.messageKey ?? d.message, d.params ?? {}) })),
  };
}

export function toTrpcError(error: unknown): TRPCError {
  const domain = toDomainError(error);
  return new TRPCError({ code: ERROR_CODES[domain.code].trpc, message: domain.code, cause: domain });
}
