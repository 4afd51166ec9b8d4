import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError, ERROR_CODES, type ErrorCode } from "../errors/index.ts";
import { publicError, toTrpcError } from "./error-mapping.ts";

describe("error mapping", () => {
  it.each([
    ["VALIDATION_FAILED", 400, "BAD_REQUEST"],
    ["UNAUTHENTICATED", 401, "UNAUTHORIZED"],
    ["INVALID_CREDENTIALS", 401, "UNAUTHORIZED"],
    ["FORBIDDEN", 403, "FORBIDDEN"],
    ["NOT_FOUND", 404, "NOT_FOUND"],
    ["EMAIL_TAKEN", 409, "CONFLICT"],
    ["IDEMPOTENCY_KEY_REUSED", 409, "CONFLICT"],
    ["PARTNER_HIERARCHY_CYCLE", 422, "UNPROCESSABLE_CONTENT"],
    ["LOGIN_THROTTLED", 429, "TOO_MANY_REQUESTS"],
    ["UNSCOPED_QUERY", 500, "INTERNAL_SERVER_ERROR"],
  ] as const)("%s → HTTP %i / tRPC %s", (code, http, trpc) => {
    expect(publicError(new DomainError(code), "en").status).toBe(http);
    expect(toTrpcError(new DomainError(code)).code).toBe(trpc);
  });

  it("has a translated message for every code in every language", () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const zh = publicError(new DomainError(code), "zh-CN").message;
      const tw = publicError(new DomainError(code), "zh-TW").message;
      const en = publicError(new DomainError(code), "en").message;
      expect(new Set([zh, tw, en]).size, code).toBeGreaterThan(1);
      expect(en, code).not.toContain("errors.");
    }
  });

  it("interpolates params", () => {
    expect(publicError(new DomainError("LOGIN_THROTTLED", { params: { minutes: 7 } }), "en").message).toBe(
      "Too many failed sign-in attempts. Please try again in 7 minutes.",
    );
    expect(publicError(new DomainError("LOGIN_THROTTLED", { params: { minutes: 7 } }), "zh-CN").message).toContain("7 分钟");
  });

  it("turns zod issues into translated per-field details", () => {
    const schema = z.object({
      name: z.string().min(1, { message: "errors.field.required" }),
      notes: z.string().max(3),
      role: z.enum(["admin", "rep"]),
      age: z.number(),
    });
    const result = schema.safeParse({ name: "", notes: "abcdef", role: "boss" });
    const mapped = publicError(result.error, "en");
    expect(mapped.code).toBe("VALIDATION_FAILED");
    expect(mapped.status).toBe(400);
    expect(mapped.details).toEqual([
      { path: "name", message: "Required." },
      { path: "notes", message: "At most 3 characters." },
      { path: "role", message: "Choose one of the options." },
      { path: "age", message: "Required." },
    ]);
  });

  it("unwraps a domain error carried by a TRPCError", () => {
    const wrapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new DomainError("NOT_FOUND") });
    expect(publicError(wrapped, "en").status).toBe(404);
  });

  it("never leaks an unknown error's text", () => {
    const mapped = publicError(new Error("connection to 10.0.0.5 password=hunter2 failed"), "en");
    expect(mapped).toMatchObject({ code: "INTERNAL", status: 500 });
    expect(mapped.message).not.toContain("hunter2");
  });
});
