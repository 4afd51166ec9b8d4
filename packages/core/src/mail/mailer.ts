/**
 * Outgoing e-mail through nodemailer. SMTP comes from the environment (SMTP_URL, or SMTP_HOST + PORT +
 * USER + PASS); with none configured the message is written to the log instead, so a local install
 * still shows what would have been sent. Credentials never reach a log line.
 */
import nodemailer from "nodemailer";
import { env, type Env } from "../env/index.ts";

export type MailMessage = { to: string; subject: string; text: string };

export type Mailer = {
  /** Where messages go, safe to print ("smtp://mail.example.com:587", "log"). */
  readonly destination: string;
  send(message: MailMessage): Promise<void>;
};

type SmtpEnv = Pick<Env, "SMTP_URL" | "SMTP_HOST" | "SMTP_PORT" | "SMTP_USER" | "SMTP_PASS" | "SMTP_FROM">;

export type MailSettings =
  | { kind: "log"; from: string }
  | { kind: "smtp"; from: string; destination: string; transport: string | { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } };

/** Pure: which transport the environment asks for, and a description of it without credentials. */
export function mailSettings(e: SmtpEnv): MailSettings {
  if (e.SMTP_URL) {
    const url = new URL(e.SMTP_URL);
    return { kind: "smtp", from: e.SMTP_FROM, destination: `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ""}`, transport: e.SMTP_URL };
  }
  if (e.SMTP_HOST) {
    const port = e.SMTP_PORT ?? 587;
    const secure = port === 465;
    return {
      kind: "smtp",
      from: e.SMTP_FROM,
      destination: `${secure ? "smtps" : "smtp"}://${e.SMTP_HOST}:${port}`,
      transport: { host: e.SMTP_HOST, port, secure, ...(e.SMTP_USER ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASS ?? "" } } : {}) },
    };
  }
  return { kind: "log", from: e.SMTP_FROM };
}

export function createMailer(settings: MailSettings = mailSettings(env()), log: (line: string) => void = (line) => console.log(line)): Mailer {
  if (settings.kind === "log") {
    return {
      destination: "log",
      async send(message) {
        log(
          `[mail] SMTP is not configured (set SMTP_URL or SMTP_HOST), so this e-mail was logged instead of sent:\n` +
            `  from: ${settings.from}\n  to: ${message.to}\n  subject: ${message.subject}\n${message.text.replace(/^/gm, "  | ")}`,
        );
      },
    };
  }
  const transporter = nodemailer.createTransport(settings.transport);
  return {
    destination: settings.destination,
    async send(message) {
      await transporter.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

let shared: Mailer | undefined;

/** The process's mailer, built from the environment on first use. */
export function mailer(): Mailer {
  shared ??= createMailer();
  return shared;
}
