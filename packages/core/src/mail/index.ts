export { createMailer, mailer, mailSettings, type Mailer, type MailMessage, type MailSettings } from "./mailer.ts";
