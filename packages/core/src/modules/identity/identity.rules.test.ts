import { describe, expect, it } from "vitest";
import { hasMessage } from "../../i18n/index.ts";
import {
  canonicalCity,
  canonicalCompanyName,
  identityKeys,
  normaliseEmail,
  normalisePhone,
  parseIdentityKey,
  sortIdentityKeys,
  toHalfWidth,
  toSimplified,
  usccCheckCharacter,
  validateUscc,
  type IdentityInput,
  type IdentityKeys,
} from "./identity.rules.ts";

describe("toHalfWidth", () => {
  it.each([
    ["１３８００１３８０００", "13800138000"],
    ["（０２１）６２３４－５６７８", "(021)6234-5678"],
    ["ＡＢＣ科技", "ABC科技"],
    ["ｆｏｏ＠ｑｑ．ｃｏｍ", "foo@qq.com"],
    ["上海\u3000华东", "上海 华东"],
    ["already half-width 123", "already half-width 123"],
    ["【】·，", "【】·,"], // ， is U+FF0C; 【】 and · are not in the full-width block
  ])("%s → %s", (raw, expected) => {
    expect(toHalfWidth(raw)).toBe(expected);
  });
});

describe("toSimplified", () => {
  it.each([
    ["上海華東渠道科技有限公司", "上海华东渠道科技有限公司"],
    ["臺灣積體電路製造股份有限公司", "台湾积体电路制造股份有限公司"],
    ["廣州", "广州"],
    ["衞生", "卫生"],
    ["上海华东渠道科技有限公司", "上海华东渠道科技有限公司"],
    ["什么", "什么"],
    ["著名", "著名"],
    ["ABC Ltd.", "ABC Ltd."],
  ])("%s → %s", (raw, expected) => {
    expect(toSimplified(raw)).toBe(expected);
  });
});

describe("normalisePhone", () => {
  it.each([
    // CN mobiles in every shape people type them
    ["13800138000", "+8613800138000"],
    ["  13800138000  ", "+8613800138000"],
    ["138 0013 8000", "+8613800138000"],
    ["138-0013-8000", "+8613800138000"],
    ["138.0013.8000", "+8613800138000"],
    ["(138)0013-8000", "+8613800138000"],
    ["+86 138 0013 8000", "+8613800138000"],
    ["+86-138-0013-8000", "+8613800138000"],
    ["+8613800138000", "+8613800138000"],
    ["0086 138 0013 8000", "+8613800138000"],
    ["008613800138000", "+8613800138000"],
    ["8613800138000", "+8613800138000"],
    ["86 138 0013 8000", "+8613800138000"],
    ["(+86) 138 0013 8000", "+8613800138000"],
    ["（+86）138 0013 8000", "+8613800138000"],
    ["１３８００１３８０００", "+8613800138000"],
    ["＋８６ １３８－００１３－８０００", "+8613800138000"],
    ["138—0013—8000", "+8613800138000"],
    ["16612345678", "+8616612345678"],
    ["177 1234 5678", "+8617712345678"],
    ["199-1234-5678", "+8619912345678"],
    // landlines with area codes
    ["021-6234 5678", "+862162345678"],
    ["021-62345678", "+862162345678"],
    ["02162345678", "+862162345678"],
    ["(021) 6234-5678", "+862162345678"],
    ["（021）62345678", "+862162345678"],
    ["０２１－６２３４　５６７８", "+862162345678"],
    ["021–6234 5678", "+862162345678"],
    ["(0755)8888-9999", "+8675588889999"],
    ["0755 8888 9999", "+8675588889999"],
    ["010-6552 9988", "+861065529988"],
    ["0571-8888 6666", "+8657188886666"],
    ["+86 21 6234 5678", "+862162345678"],
    ["+86 (0)21 6234 5678", "+862162345678"],
    ["0086-21-62345678", "+862162345678"],
    ["86 21 6234 5678", "+862162345678"],
    ["400-820-8820", "+864008208820"],
    // extensions are dropped from the identity
    ["021-6234 5678 转 801", "+862162345678"],
    ["021-62345678转801", "+862162345678"],
    ["021-62345678 轉 801", "+862162345678"],
    ["021-62345678 分机 801", "+862162345678"],
    ["021-62345678 ext. 801", "+862162345678"],
    ["021-62345678 EXT 801", "+862162345678"],
    ["021-62345678 x801", "+862162345678"],
    ["021-62345678#801", "+862162345678"],
    ["021-62345678-801", "+862162345678"],
    ["(0755)8888-9999-12", "+8675588889999"],
    ["+1 415 555 2671 ext 5", "+14155552671"],
    // foreign numbers with a country code
    ["+1 415 555 2671", "+14155552671"],
    ["+1 (415) 555-2671", "+14155552671"],
    ["001 415 555 2671", "+14155552671"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+852 2123 4567", "+85221234567"],
  ])("%s → %s", (raw, e164) => {
    expect(normalisePhone(raw)).toEqual({ ok: true, e164 });
  });

  it.each([
    ["empty", ""],
    ["blank", "   "],
    ["too short", "12345"],
    ["a 10-digit mobile", "1380013800"],
    ["a 12-digit mobile", "138001380001"],
    ["a mobile with the unassigned prefix 120", "12012345678"],
    ["a mobile with the unassigned prefix 110", "11012345678"],
    ["a landline without its area code", "62345678"],
    ["a spaced landline without its area code", "6234 5678"],
    ["letters", "abc"],
    ["a letter O for a zero", "1380013800O"],
    ["a vanity number", "1-800-FLOWERS"],
    ["a vanity number with a country code", "+1 800 FLOWERS"],
    ["a bank short code", "95588"],
    ["a US number without its +", "1 415 555 2671"],
    ["a label around the number", "电话13800138000"],
    ["two numbers in one field", "138 0013 8000 / 139 0013 9000"],
    ["a lone plus", "+"],
    ["a doubled plus", "++8613800138000"],
    ["a mobile with a dash group after it", "138-0013-8000-1"],
    ["an over-long input", `13800138000${" ".repeat(60)}`],
  ])("rejects %s", (_label, raw) => {
    expect(normalisePhone(raw)).toEqual({ ok: false });
  });
});

describe("normaliseEmail", () => {
  it.each([
    [" Foo@Example.COM ", "foo@example.com"],
    ["ＦＯＯ＠ＱＱ．ＣＯＭ", "foo@qq.com"],
    ["foo@qq。com", "foo@qq.com"],
    ["first.last+tag@Sub.Example.cn", "first.last+tag@sub.example.cn"],
    ["USER_NAME@Company.com.cn", "user_name@company.com.cn"],
    ["1234567@qq.com", "1234567@qq.com"],
  ])("%s → %s", (raw, value) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ["empty", ""],
    ["blank", "   "],
    ["no at sign", "foo"],
    ["no domain", "foo@"],
    ["no local part", "@qq.com"],
    ["no top-level domain", "foo@bar"],
    ["two at signs", "foo@@qq.com"],
    ["a space inside", "foo bar@qq.com"],
    ["consecutive dots", "a..b@qq.com"],
    ["a phone number", "13800138000"],
    ["over 254 characters", `${"a".repeat(250)}@qq.com`],
  ])("rejects %s", (_label, raw) => {
    expect(normaliseEmail(raw)).toEqual({ ok: false });
  });
});

describe("canonicalCompanyName", () => {
  it.each([
    ["上海华东渠道科技有限公司", "上海华东渠道科技有限公司"],
    ["上海华东渠道科技有限责任公司", "上海华东渠道科技有限公司"],
    ["贵州茅台酒股份有限公司", "贵州茅台酒股份有限公司"],
    ["贵州茅台酒股份公司", "贵州茅台酒股份有限公司"],
    ["XX（集团）有限公司", "xx集团有限公司"],
    ["XX科技有限公司北京分公司", "xx科技有限公司北京分公司"],
    ["阿里巴巴（中国）网络技术有限公司", "阿里巴巴中国网络技术有限公司"],
    ["ＡＢＣ科技有限公司", "abc科技有限公司"],
    ["ABC (Shanghai) Co., Ltd.", "abcshanghailtd"],
    ["  ", ""],
  ])("%s → %s", (raw, expected) => {
    expect(canonicalCompanyName(raw)).toBe(expected);
  });

  const parent = "上海华东渠道科技有限公司";
  it.each([
    ["spaces", "上海 华东渠道科技 有限公司"],
    ["leading and trailing whitespace", "\t上海华东渠道科技有限公司 "],
    ["an ideographic space", "上海华东渠道科技\u3000有限公司"],
    ["Traditional characters", "上海華東渠道科技有限公司"],
    ["Traditional 有限責任公司", "上海華東渠道科技有限責任公司"],
    ["the legal form in ASCII brackets", "上海华东渠道科技(有限公司)"],
    ["the legal form in Chinese brackets", "上海华东渠道科技（有限公司）"],
    ["有限责任公司 for 有限公司", "上海华东渠道科技有限责任公司"],
    ["a middle dot and a Chinese comma", "上海·华东渠道，科技有限公司"],
    ["lenticular brackets", "【上海】华东渠道科技有限公司"],
    ["square brackets", "[上海]华东渠道科技有限公司"],
  ])("%s is the same company", (_label, variant) => {
    expect(canonicalCompanyName(variant)).toBe(canonicalCompanyName(parent));
  });

  it.each([
    ["(集团) in ASCII brackets", "XX(集团)有限公司", "XX集团有限公司"],
    ["(集团) in Chinese brackets", "XX（集团）有限公司", "XX集团有限公司"],
    ["(集团) with 股份", "XX（集团）股份有限公司", "XX集团股份有限公司"],
    ["a region in brackets", "华为技术（北京）有限公司", "华为技术北京有限公司"],
    ["full-width Latin letters", "ＡＢＣ科技有限公司", "ABC科技有限公司"],
    ["Latin letter case", "abc科技有限公司", "ABC科技有限公司"],
    ["Traditional with full-width brackets", "華東渠道（集團）有限公司", "华东渠道(集团)有限公司"],
    ["Hong Kong variant characters", "衞星科技有限公司", "卫星科技有限公司"],
    ["a bracketed branch", "XX科技有限公司（北京分公司）", "XX科技有限公司北京分公司"],
    ["a branch of an 有限责任公司", "XX科技有限责任公司北京分公司", "XX科技有限公司北京分公司"],
    ["Co., Ltd. and Company Limited", "ABC Trading Co., Ltd.", "ABC Trading Company Limited"],
    ["Co Ltd and Ltd", "ABC Trading Co Ltd", "abc trading ltd."],
    ["spacing before a Traditional phrase", "乾 坤科技有限公司", "乾坤科技有限公司"],
  ])("%s: equal", (_label, a, b) => {
    expect(canonicalCompanyName(a)).toBe(canonicalCompanyName(b));
  });

  it.each([
    ["a branch vs its parent", "XX科技有限公司北京分公司", "XX科技有限公司"],
    ["two branches of one parent", "XX科技有限公司北京分公司", "XX科技有限公司上海分公司"],
    ["股份有限公司 vs 有限公司", "XX科技股份有限公司", "XX科技有限公司"],
    ["(集团) vs no 集团", "XX(集团)有限公司", "XX有限公司"],
    ["集团 vs no 集团", "XX集团有限公司", "XX有限公司"],
    ["a different 字号", "上海华东渠道科技有限公司", "上海华南渠道科技有限公司"],
    ["a different region prefix", "上海华东渠道科技有限公司", "北京华东渠道科技有限公司"],
    ["a different industry word", "上海华东渠道科技有限公司", "上海华东渠道贸易有限公司"],
    ["with vs without a legal form", "上海华东渠道科技有限公司", "上海华东渠道科技"],
    ["公司 vs 有限公司", "上海华东渠道科技公司", "上海华东渠道科技有限公司"],
    ["a partnership vs a company", "华东渠道投资中心(有限合伙)", "华东渠道投资中心有限公司"],
    ["different Latin names", "ABC科技有限公司", "ABD科技有限公司"],
    ["a Latin Ltd vs a Chinese 有限公司", "ABC Ltd", "ABC有限公司"],
  ])("%s: different", (_label, a, b) => {
    expect(canonicalCompanyName(a)).not.toBe(canonicalCompanyName(b));
  });
});

describe("canonicalCity", () => {
  it.each([
    ["上海市", "上海"],
    ["上海", "上海"],
    [" 上海 市 ", "上海"],
    ["臺北市", "台北"],
    ["廣州", "广州"],
    ["深圳市", "深圳"],
    ["Shanghai", "shanghai"],
    ["ＳＨＡＮＧＨＡＩ", "shanghai"],
    ["市", "市"],
    ["", ""],
  ])("%s → %s", (raw, expected) => {
    expect(canonicalCity(raw)).toBe(expected);
  });
});

/** An independent statement of GB 32100-2015's check character, to cross-check the rule. */
const USCC_VALUES = new Map([..."0123456789ABCDEFGHJKLMNPQRTUWXY"].map((char, value) => [char, value]));
function referenceUsccCheck(body: string): string {
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = weights.reduce((total, weight, i) => total + USCC_VALUES.get(body[i]!)! * weight, 0);
  const c18 = 31 - (sum % 31);
  return [...USCC_VALUES.keys()][c18 === 31 ? 0 : c18]!;
}

describe("validateUscc", () => {
  // Published codes of well-known companies: real, independent of our arithmetic.
  const published = [
    ["example from the brief", "91350100M000100Y43"],
    ["华为技术有限公司", "914403001922038216"],
    ["深圳市腾讯计算机系统有限公司", "91440300708461136T"],
    ["小米科技有限责任公司", "91110108551385082Q"],
    ["阿里巴巴(中国)有限公司", "91330100799655058B"],
  ] as const;
  it.each(published)("accepts the published code of %s", (_label, code) => {
    expect(referenceUsccCheck(code.slice(0, 17))).toBe(code[17]);
    expect(validateUscc(code)).toEqual({ ok: true, value: code });
  });

  it.each([
    ["91310000MA1FL4B24", "G"],
    ["12100000400000012", "4"],
    ["52110000MJ0000000", "3"],
    ["Y1110000000000000", "Q"],
    ["91310000000000011", "0"], // Σ mod 31 = 0 → 31 → 0
  ])("computes the check character of %s as %s", (body, check) => {
    expect(referenceUsccCheck(body)).toBe(check);
    expect(usccCheckCharacter(body)).toBe(check);
    expect(validateUscc(body + check)).toEqual({ ok: true, value: body + check });
  });

  it.each([
    ["lower case", "91350100m000100y43", "91350100M000100Y43"],
    ["full-width", "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"],
    ["surrounding and inner spaces", " 9135 0100 M000 100Y 43 ", "91350100M000100Y43"],
    ["lower-case check character", "91440300708461136t", "91440300708461136T"],
  ])("accepts %s and returns the canonical code", (_label, raw, value) => {
    expect(validateUscc(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ["a wrong check digit", "91350100M000100Y44", "checkDigit"],
    ["a wrong check letter", "91440300708461136U", "checkDigit"],
    ["two swapped characters", "91350100M000100Y34", "checkDigit"],
    ["one changed body character", "914403001922038226", "checkDigit"],
    ["the forbidden letter I", "91350100I000100Y43", "format"],
    ["the forbidden letter O", "91350100O000100Y43", "format"],
    ["the forbidden letter Z", "91350100Z000100Y43", "format"],
    ["the forbidden letter S", "91350100S000100Y43", "format"],
    ["the forbidden letter V", "91350100V000100Y43", "format"],
    ["a forbidden letter as check character", "91350100M000100Y4S", "format"],
    ["17 characters", "91350100M000100Y4", "format"],
    ["19 characters", "91350100M000100Y433", "format"],
    ["a dash inside", "91350100-M000100Y43", "format"],
    ["empty", "", "format"],
    ["an organisation code (9 chars)", "M000100Y4", "format"],
  ])("rejects %s", (_label, raw, reason) => {
    expect(validateUscc(raw)).toEqual({ ok: false, reason });
  });

  it.each([["", undefined], ["9135", undefined], ["91350100I000100Y4", undefined]])(
    "usccCheckCharacter(%j) is undefined for a non-body",
    (body, expected) => {
      expect(usccCheckCharacter(body)).toBe(expected);
    },
  );
});

describe("identityKeys", () => {
  const company = { kind: "company", name: "上海华东渠道科技有限公司" } as const;
  const person = { kind: "person", name: "张伟" } as const;
  const nothing = { path: "customer", message: "identity.nothingIdentifying" };

  it.each<[string, IdentityInput, IdentityKeys]>([
    [
      "a company with every identity, strongest first",
      {
        ...company,
        phone: "138-0013-8000",
        email: " Sales@HuaDong.CN ",
        uscc: "91350100m000100y43",
        city: "上海市",
      },
      {
        keys: [
          { kind: "uscc", value: "91350100M000100Y43" },
          { kind: "phone", value: "+8613800138000" },
          { kind: "email", value: "sales@huadong.cn" },
          { kind: "name_city", value: "上海华东渠道科技有限公司|上海" },
        ],
        errors: [],
      },
    ],
    [
      "a company with only name and city",
      { ...company, city: "上海" },
      { keys: [{ kind: "name_city", value: "上海华东渠道科技有限公司|上海" }], errors: [] },
    ],
    [
      "a Traditional company name and city match the Simplified key",
      { kind: "company", name: "上海華東渠道科技（有限責任公司）", city: "上海市" },
      { keys: [{ kind: "name_city", value: "上海华东渠道科技有限公司|上海" }], errors: [] },
    ],
    ["a company with a name but no city", company, { keys: [], errors: [nothing] }],
    ["a company with a blank city", { ...company, city: "   " }, { keys: [], errors: [nothing] }],
    ["a company whose name is only punctuation", { kind: "company", name: "（）", city: "上海" }, { keys: [], errors: [nothing] }],
    ["a person with name and city", { ...person, city: "上海" }, { keys: [], errors: [nothing] }],
    [
      "a person with a phone",
      { ...person, phone: "+86 138 0013 8000", city: "上海" },
      { keys: [{ kind: "phone", value: "+8613800138000" }], errors: [] },
    ],
    [
      "a person with an email",
      { ...person, email: "ZhangWei@QQ.com" },
      { keys: [{ kind: "email", value: "zhangwei@qq.com" }], errors: [] },
    ],
    [
      "a person (个体工商户) with a USCC",
      { ...person, uscc: "91440300708461136T" },
      { keys: [{ kind: "uscc", value: "91440300708461136T" }], errors: [] },
    ],
    [
      "nulls and empty strings are absent, not invalid",
      { ...person, phone: null, email: "", uscc: "  ", city: null },
      { keys: [], errors: [nothing] },
    ],
    [
      "an invalid phone alone reports the phone, not nothingIdentifying",
      { ...person, phone: "12345" },
      { keys: [], errors: [{ path: "customer.phone", message: "errors.field.phone" }] },
    ],
    [
      "an invalid email next to a valid phone",
      { ...person, phone: "13800138000", email: "zhangwei@" },
      {
        keys: [{ kind: "phone", value: "+8613800138000" }],
        errors: [{ path: "customer.email", message: "errors.field.email" }],
      },
    ],
    [
      "a USCC with a wrong check digit",
      { ...company, uscc: "91350100M000100Y44", city: "上海" },
      {
        keys: [{ kind: "name_city", value: "上海华东渠道科技有限公司|上海" }],
        errors: [{ path: "customer.uscc", message: "identity.usccCheckDigit" }],
      },
    ],
    [
      "a USCC with a forbidden letter",
      { ...company, uscc: "91350100O000100Y43" },
      { keys: [], errors: [{ path: "customer.uscc", message: "identity.usccFormat" }] },
    ],
    [
      "every field invalid",
      { ...company, phone: "62345678", email: "nope", uscc: "123", city: "上海" },
      {
        keys: [{ kind: "name_city", value: "上海华东渠道科技有限公司|上海" }],
        errors: [
          { path: "customer.uscc", message: "identity.usccFormat" },
          { path: "customer.phone", message: "errors.field.phone" },
          { path: "customer.email", message: "errors.field.email" },
        ],
      },
    ],
  ])("%s", (_label, input, expected) => {
    expect(identityKeys(input)).toEqual(expected);
  });

  it("two partners' spellings of one company produce the same keys", () => {
    const first = identityKeys({
      kind: "company",
      name: "上海华东渠道科技有限公司",
      city: "上海市",
      phone: "+86 138-0013-8000",
    });
    const second = identityKeys({
      kind: "company",
      name: "上海華東渠道科技（有限公司）",
      city: "上海",
      phone: "００８６　１３８００１３８０００",
    });
    expect(second.keys).toEqual(first.keys);
  });

  it.each(["identity.usccFormat", "identity.usccCheckDigit", "identity.nothingIdentifying", "errors.field.phone", "errors.field.email"])(
    "every message key it returns is translated: %s",
    (key) => {
      expect(hasMessage(key)).toBe(true);
    },
  );
});

describe("parseIdentityKey", () => {
  it.each([
    ["phone:+8613912345678", { kind: "phone", value: "+8613912345678" }],
    ["uscc:91310000MA1K4XYZ5L", { kind: "uscc", value: "91310000MA1K4XYZ5L" }],
    ["email:a:b@example.com", { kind: "email", value: "a:b@example.com" }],
    ["name_city:上海华东渠道科技|上海", { kind: "name_city", value: "上海华东渠道科技|上海" }],
    ["fax:021-1234", null],
    ["phone:", null],
    [":+8613912345678", null],
    ["phone", null],
  ])("%s", (stored, expected) => {
    expect(parseIdentityKey(stored)).toEqual(expected);
  });
});

describe("sortIdentityKeys", () => {
  it("orders strongest kind first, then by value, and drops repeats", () => {
    expect(
      sortIdentityKeys([
        { kind: "name_city", value: "华东|上海" },
        { kind: "phone", value: "+8613900000002" },
        { kind: "uscc", value: "91310000MA1K4XYZ5L" },
        { kind: "phone", value: "+8613900000001" },
        { kind: "phone", value: "+8613900000002" },
      ]),
    ).toEqual([
      { kind: "uscc", value: "91310000MA1K4XYZ5L" },
      { kind: "phone", value: "+8613900000001" },
      { kind: "phone", value: "+8613900000002" },
      { kind: "name_city", value: "华东|上海" },
    ]);
  });
});
