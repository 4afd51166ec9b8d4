import { z } from "zod";
import { SUPPORTED_LOCALES } from "../../i18n/index.ts";
import { requiredText, ZId, ZListInput } from "../shared.schemas.ts";

export const MIN_PASSWORD_LENGTH = 8;

export const ZMembershipRole = z.enum(["admin", "manager", "rep"], { message: "errors.field.invalidOption" });

export const ZPartnerUserCreateInput = z.object({
  email: z
    .string({ message: "errors.field.required" })
    .trim()
    .toLowerCase()
    .min(1, { message: "errors.field.required" })
    .max(254, { message: "errors.field.tooLong" })
    .pipe(z.email({ message: "errors.field.email" })),
  name: requiredText(100),
  role: ZMembershipRole,
  password: z
    .string({ message: "errors.field.required" })
    .min(MIN_PASSWORD_LENGTH, { message: "errors.field.passwordTooShort" })
    .max(200, { message: "errors.field.tooLong" }),
});
export type TPartnerUserCreateInput = z.input<typeof ZPartnerUserCreateInput>;

export const ZPartnerUserListInput = ZListInput.extend({ partnerId: ZId });

export const ZPartnerUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZMembershipRole,
  partnerId: z.string(),
  active: z.boolean(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TPartnerUser = z.infer<typeof ZPartnerUser>;

export const ZLocale = z.enum(SUPPORTED_LOCALES, { message: "errors.field.invalidOption" });
