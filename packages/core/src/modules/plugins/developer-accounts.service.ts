/**
 * Plugin developer accounts (issue 6 item 5): anyone may sign up as a developer on the platform's
 * public page or `POST /api/v1/developers`. A developer account signs in to the platform app (its
 * developer pages only) and makes API keys for the CLI's `publish`; it never sees tenant data.
 */
import { z } from "zod";
import type { DeveloperActor } from "../../actor/index.ts";
import { hashPassword } from "../../auth/password.ts";
import { db, isUniqueViolation, runAsSystem } from "../../db/index.ts";
import { DomainError } from "../../errors/index.ts";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { requiredText } from "../shared.schemas.ts";

/** Longer than staff passwords (8): a developer's key signs code that runs for every tenant. */
export const MIN_DEVELOPER_PASSWORD_LENGTH = 10;

export const ZDeveloperSignUpInput = z.object({
  name: requiredText(100),
  email: z
    .string({ message: "errors.field.required" })
    .trim()
    .toLowerCase()
    .min(1, { message: "errors.field.required" })
    .max(254, { message: "errors.field.tooLong" })
    .pipe(z.email({ message: "errors.field.email" })),
  password: z
    .string({ message: "errors.field.required" })
    .min(MIN_DEVELOPER_PASSWORD_LENGTH, { message: "errors.field.passwordTooShort" })
    .max(200, { message: "errors.field.tooLong" }),
  locale: z.enum(SUPPORTED_LOCALES, { message: "errors.field.invalidOption" }).optional(),
});
export type TDeveloperSignUpInput = z.input<typeof ZDeveloperSignUpInput>;

export const ZDeveloperAccount = z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string(), createdAt: z.date() });
export type TDeveloperAccount = z.infer<typeof ZDeveloperAccount>;

function emailTaken(): DomainError {
  return new DomainError("EMAIL_TAKEN", { details: [{ path: "email", message: "errors.EMAIL_TAKEN" }] });
}

/** Creates a `developer` user (argon2id password) and audits it as the new developer's own act. */
export async function registerDeveloper(raw: TDeveloperSignUpInput, origin: { ip?: string | null } = {}): Promise<TDeveloperAccount> {
  const input = ZDeveloperSignUpInput.parse(raw);
  // Checked before hashing so a taken address costs no argon2 work; the unique index settles races.
  const existing = await runAsSystem("developer sign-up", () => db.user.findUnique({ where: { email: input.email }, select: { id: true } }));
  if (existing) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  try {
    return await runAsSystem("developer sign-up", () =>
      db.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: { email: input.email, name: input.name, passwordHash, kind: "developer", locale: input.locale ?? DEFAULT_LOCALE },
          select: { id: true, email: true, name: true, locale: true, createdAt: true },
        });
        const self: DeveloperActor = { kind: "developer", userId: user.id, email: user.email, name: user.name, via: "session" };
        await recordAudit(tx, self, { action: "developer.registered", entityType: "User", entityId: user.id, after: { email: user.email, name: user.name, locale: user.locale }, ip: origin.ip ?? null });
        return user;
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
