export {
  canonicalCity,
  canonicalCompanyName,
  identityKeys,
  normaliseEmail,
  normalisePhone,
  toHalfWidth,
  toSimplified,
  usccCheckCharacter,
  validateUscc,
} from "./identity.rules.ts";
export type {
  EmailNormalisation,
  IdentityError,
  IdentityInput,
  IdentityKey,
  IdentityKeyKind,
  IdentityKeys,
  PhoneNormalisation,
  UsccValidation,
} from "./identity.rules.ts";
