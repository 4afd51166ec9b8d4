import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./index.ts";

describe("parseEnv", () => {
  it("fills the documented local defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/qudao",
      REDIS_URL: "redis://127.0.0.1:6379",
      PLATFORM_PORT: 3000,
      PORTAL_PORT: 3001,
      QUDAO_ADMIN_EMAIL: "admin@qudao.demo",
      QUDAO_ADMIN_PASSWORD: "qudao-demo-2026",
      PLATFORM_TIMEZONE: "Asia/Shanghai",
    });
  });
  it("treats empty strings as unset", () => {
    expect(parseEnv({ PLATFORM_PORT: "" }).PLATFORM_PORT).toBe(3000);
  });
  it("coerces ports", () => {
    expect(parseEnv({ PORTAL_PORT: "4001" }).PORTAL_PORT).toBe(4001);
  });
  it.each([
    ["DATABASE_URL", "mysql://x", "DATABASE_URL: must start with postgresql://"],
    ["REDIS_URL", "http://x", "REDIS_URL: must start with redis:// or rediss://"],
    ["PLATFORM_PORT", "99999", "PLATFORM_PORT: must be a port number between 1 and 65535"],
    ["QUDAO_ADMIN_EMAIL", "not-an-email", "QUDAO_ADMIN_EMAIL"],
    ["QUDAO_ADMIN_PASSWORD", "short", "QUDAO_ADMIN_PASSWORD: must be at least 8 characters"],
  ])("rejects a bad %s with a message naming it", (key, value, expected) => {
    try {
      parseEnv({ [key]: value });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems.join("\n")).toContain(expected);
      expect((error as Error).message).toContain("Qudao cannot start");
    }
  });
  it("lists every problem at once", () => {
    try {
      parseEnv({ DATABASE_URL: "x", REDIS_URL: "y" });
      expect.unreachable();
    } catch (error) {
      expect((error as EnvError).problems).toHaveLength(2);
    }
  });
});
