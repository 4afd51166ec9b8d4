import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.ts";
import { formFeedback, loaderFailure, safeNext, signInPath } from "./app-support.ts";

describe("safeNext", () => {
  it.each([
    ["/leads?status=new", "/leads?status=new"],
    ["//evil.example.com", "/"],
    ["/\\evil.example.com", "/"],
    ["https://evil.example.com", "/"],
    [null, "/"],
    ["", "/"],
  ])("%s → %s", (value, expected) => {
    expect(safeNext(value)).toBe(expected);
  });
});

describe("signInPath", () => {
  it("comes back to the page that needed a session", () => {
    expect(signInPath(new Request("http://x/leads?q=a"))).toBe("/login?next=%2Fleads%3Fq%3Da");
    expect(signInPath(new Request("http://x/"))).toBe("/login");
  });
});

describe("form feedback and loader failures", () => {
  it("keys field messages by path, translated", () => {
    const error = new DomainError("EMAIL_TAKEN", { details: [{ path: "email", message: "errors.EMAIL_TAKEN" }] });
    expect(formFeedback(error, "en")).toEqual({
      status: 409,
      body: { error: { code: "EMAIL_TAKEN", message: "This email address is already in use.", fields: { email: "This email address is already in use." } } },
    });
  });
  it("turns a hidden record into a 404 page and a bad cursor into a 400 that names it", () => {
    expect(loaderFailure(new DomainError("NOT_FOUND"), "zh-CN")).toMatchObject({ status: 404, message: "找不到该记录，或你无权查看。", signIn: false });
    const cursor = new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
    expect(loaderFailure(cursor, "en")).toMatchObject({ status: 400, message: "The page cursor is not valid. Start again from the first page." });
    expect(loaderFailure(new DomainError("UNAUTHENTICATED"), "en").signIn).toBe(true);
  });
});
