export {
  canonicalCity,
  canonicalCompanyName,
  IDENTITY_KEY_KINDS,
  identityKeys,
  normaliseEmail,
  normalisePhone,
  parseIdentityKey,
  sortIdentityKeys,
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
