import { describe, expect, it } from "vitest";
import { createMailer, mailSettings } from "./mailer.ts";

const none = { SMTP_URL: undefined, SMTP_HOST: undefined, SMTP_PORT: undefined, SMTP_USER: undefined, SMTP_PASS: undefined, SMTP_FROM: "Qudao <no-reply@qudao.local>" };

describe("mail settings from the environment", () => {
  it.each([
    ["nothing configured: log", {}, "log", undefined],
    ["SMTP_URL with credentials", { SMTP_URL: "smtps://mailer:s3cret-pass@smtp.example.com:465" }, "smtp", "smtps://smtp.example.com:465"],
    ["SMTP_URL without a port", { SMTP_URL: "smtp://smtp.example.com" }, "smtp", "smtp://smtp.example.com"],
    ["SMTP_HOST, default port 587", { SMTP_HOST: "smtp.example.com", SMTP_USER: "mailer", SMTP_PASS: "s3cret-pass" }, "smtp", "smtp://smtp.example.com:587"],
    ["SMTP_HOST on 465 is implicit TLS", { SMTP_HOST: "smtp.example.com", SMTP_PORT: 465 }, "smtp", "smtps://smtp.example.com:465"],
  ] as const)("%s", (_name, overrides, kind, destination) => {
    const settings = mailSettings({ ...none, ...overrides });
    expect(settings.kind).toBe(kind);
    if (settings.kind === "smtp") {
      expect(settings.destination).toBe(destination);
      // What may be printed never carries the password or the user name.
      expect(settings.destination).not.toContain("s3cret");
      expect(settings.destination).not.toContain("mailer");
    }
  });

  it("SMTP_HOST with a user authenticates; on 587 it is not implicit TLS", () => {
    const settings = mailSettings({ ...none, SMTP_HOST: "smtp.example.com", SMTP_USER: "mailer", SMTP_PASS: "s3cret-pass" });
    expect(settings).toMatchObject({ kind: "smtp", transport: { host: "smtp.example.com", port: 587, secure: false, auth: { user: "mailer", pass: "s3cret-pass" } } });
  });

  it("without SMTP, an e-mail is written to the log with its recipient, subject and text", async () => {
    const lines: string[] = [];
    const mailer = createMailer(mailSettings(none), (line) => lines.push(line));
    await mailer.send({ to: "rep@example.com", subject: "任务提醒", text: "回访客户\n截止 2026-11-25 18:00" });
    expect(mailer.destination).toBe("log");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("to: rep@example.com");
    expect(lines[0]).toContain("subject: 任务提醒");
    expect(lines[0]).toContain("  | 截止 2026-11-25 18:00");
  });
});
