/**
 * Delivering an invite link by e-mail. The link is a bearer secret: it goes out only through a real
 * SMTP transport, never into a log (with no SMTP configured, the mailer logs messages instead of
 * sending them, so then the admin's copy of the link is the only delivery).
 */
import { env } from "../../env/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import type { Mailer, MailMessage } from "../../mail/index.ts";

export type InviteEmail = { to: string; partnerName: string; inviterName: string; role: string; url: string; expiresAt: Date };

export function inviteEmailMessage(locale: Locale, invite: InviteEmail): MailMessage {
  const t = translator(locale);
  const date = new Intl.DateTimeFormat(locale, { timeZone: env().PLATFORM_TIMEZONE, dateStyle: "medium", timeStyle: "short" }).format(invite.expiresAt);
  const params = { partner: invite.partnerName, inviter: invite.inviterName, role: t(`common.membershipRole.${invite.role}`), url: invite.url, date };
  return { to: invite.to, subject: t("team.email.subject", params), text: t("team.email.body", params) };
}

/** True when the message went to an SMTP server; false when there is none or it refused (the link is still shown to the admin). */
export async function sendInviteEmail(mail: Mailer, locale: Locale, invite: InviteEmail): Promise<boolean> {
  if (mail.destination === "log") return false;
  try {
    await mail.send(inviteEmailMessage(locale, invite));
    return true;
  } catch (error) {
    // Say why without the message itself (it carries the link).
    console.warn(`[team] the invite e-mail could not be sent via ${mail.destination}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
