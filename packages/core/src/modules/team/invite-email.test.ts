import { describe, expect, it } from "vitest";
import { createMailer, mailSettings, type Mailer, type MailMessage } from "../../mail/index.ts";
import { sendInviteEmail } from "./invite-email.ts";

const invite = {
  to: "new.rep@example.com",
  partnerName: "上海华东渠道科技有限公司",
  inviterName: "陈建华",
  role: "rep",
  url: "https://portal.example.com/invite/abcDEF123_-abcDEF123_-abcDEF123_-abcDEF123",
  expiresAt: new Date("2026-12-01T02:00:00Z"),
};

function smtpMailer(outcome: "ok" | "fail" = "ok"): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    destination: "smtp://smtp.example.com:587",
    sent,
    async send(message) {
      if (outcome === "fail") throw new Error("connect ECONNREFUSED");
      sent.push(message);
    },
  };
}

describe("sending the invite link by e-mail", () => {
  it("through SMTP, in the inviting admin's language, with the link, partner, role and deadline", async () => {
    const mail = smtpMailer();
    expect(await sendInviteEmail(mail, "zh-CN", invite)).toBe(true);
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.to).toBe(invite.to);
    expect(mail.sent[0]!.subject).toBe("上海华东渠道科技有限公司 邀请你加入渠道 Qudao");
    expect(mail.sent[0]!.text).toContain("陈建华 邀请你以「销售代表」身份加入 上海华东渠道科技有限公司");
    expect(mail.sent[0]!.text).toContain(invite.url);
    expect(mail.sent[0]!.text).toContain("2026");

    const english = smtpMailer();
    await sendInviteEmail(english, "en", invite);
    expect(english.sent[0]!.text).toContain("as Sales rep");
  });

  it("never when SMTP is not configured: the logging mailer would write the link (a secret) to the log", async () => {
    const lines: string[] = [];
    const logging = createMailer(mailSettings({ SMTP_URL: undefined, SMTP_HOST: undefined, SMTP_PORT: undefined, SMTP_USER: undefined, SMTP_PASS: undefined, SMTP_FROM: "Qudao <no-reply@qudao.local>" }), (line) => lines.push(line));
    expect(await sendInviteEmail(logging, "zh-CN", invite)).toBe(false);
    expect(lines).toEqual([]);
  });

  it("a refusing SMTP server is reported as not e-mailed, without the link in the warning", async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (line: string) => warnings.push(line);
    try {
      expect(await sendInviteEmail(smtpMailer("fail"), "zh-CN", invite)).toBe(false);
    } finally {
      console.warn = original;
    }
    expect(warnings.join("\n")).toContain("ECONNREFUSED");
    expect(warnings.join("\n")).not.toContain(invite.url);
  });
});
