import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/index.ts";
import { checkCustomerRow, checkLeadRow, customerKind, mappedValues, mappingIssues, mappingIssueText, rowReason } from "./import-rows.rules.ts";
import { errorFileCsv, errorFileName } from "./import-error-file.rules.ts";

const zh = translator("zh-CN");
const en = translator("en");

describe("mappedValues", () => {
  it("takes each field's column, empty for unmapped fields and short rows", () => {
    expect(mappedValues("leads", { name: 0, phone: 2, email: 5 }, ["王芳", "x", "139"])).toEqual({
      name: "王芳",
      company: "",
      phone: "139",
      email: "",
      source: "",
      notes: "",
    });
  });
});

describe("checkLeadRow: the lead form's rules", () => {
  it("accepts a row and normalises it like the form (blank → null, email lower-cased)", () => {
    expect(checkLeadRow({ name: " 王芳 ", company: "", phone: "139 1234 5678", email: "Wang@Example.COM", source: "展会", notes: "" })).toEqual({
      ok: true,
      input: { name: "王芳", company: null, phone: "139 1234 5678", email: "wang@example.com", source: "展会", notes: null, assigneeId: undefined },
    });
  });

  it.each([
    [{ name: "" }, [{ field: "name", messageKey: "errors.field.required", params: { min: 1 } }]],
    [{ name: "王芳", phone: "abc" }, [{ field: "phone", messageKey: "errors.field.phone" }]],
    [{ name: "王芳", email: "not-an-email" }, [{ field: "email", messageKey: "errors.field.email" }]],
    [{ name: "王".repeat(201) }, [{ field: "name", messageKey: "errors.field.tooLong", params: { max: 200 } }]],
    [
      { name: "", phone: "1", email: "x@" },
      [
        { field: "name", messageKey: "errors.field.required", params: { min: 1 } },
        { field: "phone", messageKey: "errors.field.phone" },
        { field: "email", messageKey: "errors.field.email" },
      ],
    ],
  ])("%j is refused with %j", (values, issues) => {
    const blank: Record<string, string> = { name: "", company: "", phone: "", email: "", source: "", notes: "" };
    const check = checkLeadRow({ ...blank, ...values });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues).toEqual(issues);
  });
});

describe("checkCustomerRow: the registration's rules", () => {
  const base = { kind: "", name: "宁波海曙精工机械有限公司", phone: "", email: "", uscc: "", city: "宁波", note: "" };
  it.each([
    ["企业", "company"],
    ["公司", "company"],
    ["企業", "company"],
    ["Company", "company"],
    ["", "company"],
    ["个人", "person"],
    ["個人", "person"],
    ["自然人", "person"],
    ["Person", "person"],
    ["政府", null],
  ] as const)("customer type %j → %j", (raw, kind) => {
    expect(customerKind(raw)).toBe(kind);
  });

  it("accepts a company with a name and city (an identity key)", () => {
    const check = checkCustomerRow(base);
    expect(check.ok).toBe(true);
  });

  it.each([
    [{ kind: "政府" }, ["kind:imports.errors.invalidKind"]],
    [{ uscc: "91330100MA2B3C4D5X" }, ["uscc:identity.usccCheckDigit"]],
    [{ uscc: "123" }, ["uscc:identity.usccFormat"]],
    [{ phone: "12" }, ["phone:errors.field.phone"]],
    [{ city: "" }, [":identity.nothingIdentifying"]],
    [{ kind: "个人", phone: "" }, [":identity.nothingIdentifying"]],
    [{ name: "" }, ["name:errors.field.required"]],
  ])("%j is refused", (values, expected) => {
    const check = checkCustomerRow({ ...base, ...values });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues.map((i) => `${i.field}:${i.messageKey}`)).toEqual(expected);
  });
});

describe("mappingIssues", () => {
  it.each([
    [{ name: 0 }, 2, []],
    [{ name: null }, 2, ["请为“姓名”选择对应的列。"]],
    [{}, 2, ["请为“姓名”选择对应的列。"]],
    [{ name: 0, phone: 0 }, 2, ["同一列不能同时对应“姓名”和“电话”。"]],
    [{ name: 5 }, 2, ["所选的列不存在，请重新选择。"]],
    [{ name: 0, age: 1 }, 2, ["不支持的字段。"]],
  ] as const)("%j over %i columns → %j", (mapping, columns, expected) => {
    expect(mappingIssues("leads", mapping as Record<string, number | null>, columns).map((issue) => mappingIssueText(issue, zh))).toEqual(expected);
  });
});

describe("the reason text and the error file", () => {
  it("names each field in the user's language", () => {
    const issues = [
      { field: "phone", messageKey: "errors.field.phone" },
      { field: "email", messageKey: "errors.field.email" },
    ];
    expect(rowReason("leads", issues, zh)).toBe("电话：请输入有效的手机或座机号码。；邮箱：请输入有效的邮箱地址。");
    expect(rowReason("leads", issues, en)).toBe("Phone: Enter a valid mobile or landline number.; Email: Enter a valid email address.");
    expect(rowReason("customers", [{ field: "", messageKey: "identity.nothingIdentifying" }], zh)).toMatch(/^请至少填写一项/);
  });

  it("writes row number, original cells, code and reason, sorted by row, UTF-8 with BOM", () => {
    const csv = errorFileCsv(
      ["姓名", "手机"],
      [
        { rowNumber: 7, values: ["李静", "12"], code: "VALIDATION_FAILED", reason: "电话：请输入有效的手机或座机号码。" },
        { rowNumber: 3, values: ["", "=cmd"], code: "VALIDATION_FAILED", reason: "姓名：必填项。" },
      ],
      zh,
    );
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8").slice(1)).toBe(
      "行号,姓名,手机,错误代码,原因\r\n3,,'=cmd,VALIDATION_FAILED,姓名：必填项。\r\n7,李静,12,VALIDATION_FAILED,电话：请输入有效的手机或座机号码。\r\n",
    );
  });

  it("names the error file after the upload", () => {
    expect(errorFileName("客户名单.xlsx", "errors")).toBe("客户名单-errors.csv");
    expect(errorFileName("leads", "errors")).toBe("leads-errors.csv");
  });
});
