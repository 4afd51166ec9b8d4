/**
 * Customer identity normalisation: the pure rules behind registration matching (API.md "Registration
 * rules"). Every function here is deterministic and free of I/O; the values they return are stored as
 * indexed identity keys, so changing a rule changes which customers match — migrate stored keys with it.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { Converter } from "opencc-js/t2cn";
import { z } from "zod";

// ── width and script ────────────────────────────────────────────────────────────────────────────

/** Full-width ASCII (U+FF01–U+FF5E, e.g. `１３８`, `（`, `＠`, `Ａ`) and the ideographic space → half-width. */
export function toHalfWidth(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += " ";
    else out += s[i];
  }
  return out;
}

const HAN = /\p{Script=Han}/u;
let simplifier: ((text: string) => string) | undefined;

/**
 * Traditional → Simplified with OpenCC's Hong Kong preset. "hk" is used rather than "tw" because it
 * also folds the variant forms a Taiwan or HK writer types (衞, 粧, 衹, 敍) and, unlike "tw", leaves
 * Simplified text alone (the "tw" preset rewrites 么 → 幺 and 著 → 着). The converter builds its trie
 * on first use and is kept for the life of the process.
 */
export function toSimplified(s: string): string {
  if (!HAN.test(s)) return s;
  simplifier ??= Converter({ from: "hk", to: "cn" });
  return simplifier(s);
}

// ── phone ───────────────────────────────────────────────────────────────────────────────────────

export type PhoneNormalisation = { ok: true; e164: string } | { ok: false };

const PHONE_MAX_INPUT = 64;
const DASHES = /[\u2010-\u2015\u2212\u30fc\ufe58\ufe63]/g;
/** A trailing extension (`转801`, `分机 12`, `ext. 12`, `x12`, `#12`): dropped, an extension is not an identity. */
const PHONE_EXTENSION = /(?:转|轉|分机号?|分機號?|ext\.?|extension|x|#)\s*:?\s*\d{1,8}\s*$/i;
const PHONE_DASH_EXTENSION = /^(.*\d)\s*-\s*\d{1,6}$/;
const PHONE_SEPARATORS = /[\s\-.()/]/g;
const PHONE_COMPACT = /^\+?\d{5,17}$/;

/**
 * Any way a person writes a phone number → E.164 (`+8613800138000`), CN being the default region:
 * `138 0013 8000`, `+86-138-0013-8000`, `0086…`, `86…`, `021-6234 5678`, `(0755)8888-9999`, full-width
 * digits, `+1 415 555 2671`. Letters (vanity numbers), numbers without an area code and numbers that
 * the full metadata rejects are refused.
 *
 * libphonenumber's default "min" metadata checks lengths only and accepts `62345678` (no area code),
 * `12012345678` (no such mobile prefix) and 10- or 12-digit "mobiles"; the "max" metadata checks the
 * real number plans, so it is the one used here.
 */
export function normalisePhone(raw: string): PhoneNormalisation {
  if (raw.length > PHONE_MAX_INPUT) return { ok: false };
  const text = toHalfWidth(raw).replace(DASHES, "-").trim().replace(PHONE_EXTENSION, "");
  const whole = parseValidPhone(text);
  if (whole) return { ok: true, e164: whole.number };
  // `021-62345678-801`: a switchboard extension after a last dash. Only a fixed line has one, so
  // a mobile with a stray digit group stays invalid.
  const dashExtension = PHONE_DASH_EXTENSION.exec(text);
  if (dashExtension) {
    const line = parseValidPhone(dashExtension[1]!);
    const type = line?.getType();
    if (line && (type === "FIXED_LINE" || type === "FIXED_LINE_OR_MOBILE")) return { ok: true, e164: line.number };
  }
  return { ok: false };
}

function parseValidPhone(text: string) {
  const compact = text.replace(PHONE_SEPARATORS, "");
  if (!PHONE_COMPACT.test(compact)) return undefined;
  const parsed = parsePhoneNumberFromString(compact, "CN");
  return parsed?.isValid() ? parsed : undefined;
}

// ── email ───────────────────────────────────────────────────────────────────────────────────────

export type EmailNormalisation = { ok: true; value: string } | { ok: false };

const ZEmail = z.email();
const EMAIL_MAX_LENGTH = 254;

/**
 * Trimmed, half-width, lower-cased and validated. The ideographic full stop `。` becomes `.`: a
 * Chinese IME types it for the dot in `qq。com`. No provider-specific folding (Gmail dots, `+tags`):
 * those are different mailboxes as far as we can know.
 */
export function normaliseEmail(raw: string): EmailNormalisation {
  const value = toHalfWidth(raw).replace(/\u3002/g, ".").trim().toLowerCase();
  if (value.length === 0 || value.length > EMAIL_MAX_LENGTH) return { ok: false };
  return ZEmail.safeParse(value).success ? { ok: true, value } : { ok: false };
}

// ── company name and city ───────────────────────────────────────────────────────────────────────

/** `Co., Ltd.`, `Co Ltd`, `Company Limited`, `Limited`, `Ltd` at the end of a Latin name (lower-cased). */
const LATIN_LIMITED_SUFFIX = /\b(?:co(?:mpany)?\.?[\s,]*)?(?:ltd|limited)\.?$/;
/** Everything that is not a letter or digit: whitespace, brackets of every kind, ·, commas, dots, dashes, quotes. */
const NOT_NAME_CHARACTER = /[^\p{L}\p{N}&+]/gu;

/**
 * The matching key of a company name (never displayed). Two spellings of one registered name map to
 * the same key; different legal entities keep different keys.
 *
 * - Width and compatibility forms: NFKC after full-width → half-width (`ＡＢＣ科技` = `ABC科技`).
 * - Latin letters lower-cased; a trailing `Co., Ltd.` / `Company Limited` / `Ltd` becomes `ltd`.
 * - Whitespace and punctuation removed, brackets included, their content kept: Chinese registered
 *   names use brackets only to set off a region or 集团, and the same entity is commonly written
 *   without them, so `XX(集团)有限公司` = `XX集团有限公司` and `阿里巴巴(中国)有限公司` = `阿里巴巴中国有限公司`;
 *   `集团` itself stays, so either differs from `XX有限公司`.
 * - Traditional → Simplified (after punctuation is gone, so spacing cannot change OpenCC's phrase
 *   segmentation): `上海華東渠道科技有限公司` = `上海华东渠道科技有限公司`.
 * - Legal form: 有限责任公司 ≡ 有限公司 (the same form under the Company Law, written both ways);
 *   股份公司 ≡ 股份有限公司; but 股份有限公司 ≠ 有限公司 (a different entity type). The form is
 *   canonicalised wherever it stands, so a branch keeps its parent's canonical name as a prefix.
 * - A branch is a different customer: `XX科技有限公司北京分公司` ≠ `XX科技有限公司` (nothing after the
 *   legal form is dropped). Words before it (the 字号, region, 科技/贸易) are never dropped either.
 */
export function canonicalCompanyName(raw: string): string {
  const latin = toHalfWidth(raw).normalize("NFKC").toLowerCase().trim().replace(LATIN_LIMITED_SUFFIX, "ltd");
  return toSimplified(latin.replace(NOT_NAME_CHARACTER, ""))
    .toLowerCase()
    .replace(/有限责任公司/g, "有限公司")
    .replace(/股份公司/g, "股份有限公司");
}

/** The matching key of a city: Simplified, lower-case, no whitespace or punctuation, no trailing 市 (上海市 → 上海). */
export function canonicalCity(raw: string): string {
  const city = toSimplified(toHalfWidth(raw).normalize("NFKC").replace(NOT_NAME_CHARACTER, "")).toLowerCase();
  return city.length > 1 && city.endsWith("市") ? city.slice(0, -1) : city;
}

// ── 统一社会信用代码 (USCC, GB 32100-2015) ────────────────────────────────────────────────────────

export type UsccValidation = { ok: true; value: string } | { ok: false; reason: "format" | "checkDigit" };

/** The 31 characters a USCC may use (no I, O, Z, S, V); a character's value is its index. */
const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_FORMAT = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

/** The 18th character for a 17-character USCC body, or undefined for a body that is not one. */
export function usccCheckCharacter(body: string): string | undefined {
  if (body.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(body[i]!);
    if (value < 0) return undefined;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** Half-width, upper-cased, whitespace removed; 18 characters of the USCC charset with a correct check digit. */
export function validateUscc(raw: string): UsccValidation {
  const value = toHalfWidth(raw).replace(/\s+/g, "").toUpperCase();
  if (!USCC_FORMAT.test(value)) return { ok: false, reason: "format" };
  if (usccCheckCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, reason: "checkDigit" };
  return { ok: true, value };
}

// ── identity keys ───────────────────────────────────────────────────────────────────────────────

/** Strongest first: the order keys are derived, stored and shown in. */
export const IDENTITY_KEY_KINDS = ["uscc", "phone", "email", "name_city"] as const;
export type IdentityKeyKind = (typeof IDENTITY_KEY_KINDS)[number];
export type IdentityKey = { kind: IdentityKeyKind; value: string };

/**
 * A stored key string (`"phone:+8613912345678"`, as registrations keep them) back into a key, or
 * null for anything that is not one. Only the first colon separates: values may contain colons.
 */
export function parseIdentityKey(stored: string): IdentityKey | null {
  const at = stored.indexOf(":");
  if (at <= 0 || at === stored.length - 1) return null;
  const kind = stored.slice(0, at);
  return (IDENTITY_KEY_KINDS as readonly string[]).includes(kind) ? { kind: kind as IdentityKeyKind, value: stored.slice(at + 1) } : null;
}

/** Keys strongest kind first, then by value, without repeats: one stable order for side-by-side views. */
export function sortIdentityKeys(keys: ReadonlyArray<IdentityKey>): IdentityKey[] {
  const seen = new Set<string>();
  return keys
    .filter((k) => {
      const id = `${k.kind}:${k.value}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => IDENTITY_KEY_KINDS.indexOf(a.kind) - IDENTITY_KEY_KINDS.indexOf(b.kind) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
/** `message` is an i18n key; the API translates it. */
export type IdentityError = { path: string; message: string };
export type IdentityInput = {
  kind: "company" | "person";
  name: string;
  phone?: string | null;
  email?: string | null;
  uscc?: string | null;
  city?: string | null;
};
export type IdentityKeys = { keys: IdentityKey[]; errors: IdentityError[] };

function given(value: string | null | undefined): value is string {
  return value != null && value.trim() !== "";
}

/**
 * The identity keys a customer is matched by, strongest first (USCC, phone, email, name + city), and
 * the per-field errors of what was given but is invalid. Empty or missing fields are simply absent.
 *
 * A person's name + city is not a key (too many 张伟 in 上海); a company's is, as
 * `"<canonicalName>|<canonicalCity>"`, when both canonicalise to something. With no key at all the
 * result carries `identity.nothingIdentifying` on `customer` — unless a given field was invalid, whose
 * own error is then the thing to fix.
 */
export function identityKeys(input: IdentityInput): IdentityKeys {
  const keys: IdentityKey[] = [];
  const errors: IdentityError[] = [];

  if (given(input.uscc)) {
    const uscc = validateUscc(input.uscc);
    if (uscc.ok) keys.push({ kind: "uscc", value: uscc.value });
    else
      errors.push({
        path: "customer.uscc",
        message: uscc.reason === "format" ? "identity.usccFormat" : "identity.usccCheckDigit",
      });
  }
  if (given(input.phone)) {
    const phone = normalisePhone(input.phone);
    if (phone.ok) keys.push({ kind: "phone", value: phone.e164 });
    else errors.push({ path: "customer.phone", message: "errors.field.phone" });
  }
  if (given(input.email)) {
    const email = normaliseEmail(input.email);
    if (email.ok) keys.push({ kind: "email", value: email.value });
    else errors.push({ path: "customer.email", message: "errors.field.email" });
  }
  if (input.kind === "company" && given(input.city)) {
    const name = canonicalCompanyName(input.name);
    const city = canonicalCity(input.city);
    if (name && city) keys.push({ kind: "name_city", value: `${name}|${city}` });
  }

  if (keys.length === 0 && errors.length === 0) {
    errors.push({ path: "customer", message: "identity.nothingIdentifying" });
  }
  return { keys, errors };
}
