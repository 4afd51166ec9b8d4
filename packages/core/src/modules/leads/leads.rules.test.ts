import { describe, expect, it } from "vitest";
import { companyCore, customerFromLead, customerMatches, duplicateProbe, formatStatusReason, leadMatches, parseStatusReason, statusChangeProblems } from "./leads.rules.ts";

describe("the stored disqualification reason", () => {
  it.each([
    [null, { code: null, text: null }],
    ["[no_budget] 明年才有预算", { code: "no_budget", text: "明年才有预算" }],
    ["[competitor]", { code: "competitor", text: null }],
    ["[other] 客户公司已注销", { code: "other", text: "客户公司已注销" }],
    // Reasons written before codes existed read as words.
    ["预算不足", { code: null, text: "预算不足" }],
    ["[unknown_code] 说明", { code: null, text: "[unknown_code] 说明" }],
  ] as const)("%j reads as %j", (stored, expected) => {
    expect(parseStatusReason(stored)).toEqual(expected);
  });

  it.each([
    ["no_budget", "明年才有预算", "[no_budget] 明年才有预算"],
    ["competitor", null, "[competitor]"],
    [null, "只是备注", "只是备注"],
    [null, null, null],
  ] as const)("%s + %j is stored as %j and reads back the same", (code, text, stored) => {
    expect(formatStatusReason(code, text)).toBe(stored);
    expect(parseStatusReason(stored)).toEqual(stored === "只是备注" ? { code: null, text } : { code, text });
  });
});

describe("disqualifying and other status changes", () => {
  const open = { status: "contacted", disqualifyReason: null, statusReason: null } as const;
  const legacy = { status: "disqualified", disqualifyReason: null, statusReason: "预算不足" } as const;
  const converted = { status: "converted", disqualifyReason: null, statusReason: null } as const;
  it.each([
    ["disqualify without a reason", open, { status: "disqualified" }, [{ path: "disqualifyReason", message: "work.lead.errors.reasonRequired" }]],
    ["disqualify with only words", open, { status: "disqualified", statusReason: "不想要了" }, [{ path: "disqualifyReason", message: "work.lead.errors.reasonRequired" }]],
    ["disqualify with a code", open, { status: "disqualified", disqualifyReason: "no_budget" }, []],
    ["disqualify with a code and words", open, { status: "disqualified", disqualifyReason: "competitor", statusReason: "选了别家" }, []],
    ["disqualify as other without words", open, { status: "disqualified", disqualifyReason: "other" }, [{ path: "statusReason", message: "work.lead.errors.otherNeedsWords" }]],
    ["disqualify as other with words", open, { status: "disqualified", disqualifyReason: "other", statusReason: "公司已注销" }, []],
    ["a legacy disqualified lead, renamed only", legacy, {}, []],
    ["a legacy disqualified lead, saved with the same words and no code (an edit form)", legacy, { disqualifyReason: null, statusReason: "预算不足" }, []],
    ["a legacy disqualified lead, words changed without a code", legacy, { statusReason: "联系不上" }, [{ path: "disqualifyReason", message: "work.lead.errors.reasonRequired" }]],
    ["a legacy disqualified lead, reopened", legacy, { status: "contacted" }, []],
    ["clearing the code of a disqualified lead", { status: "disqualified", disqualifyReason: "no_budget", statusReason: null }, { disqualifyReason: null }, [{ path: "disqualifyReason", message: "work.lead.errors.reasonRequired" }]],
    ["qualifying", open, { status: "qualified" }, []],
    ["converting by status", open, { status: "converted" }, [{ path: "status", message: "work.lead.errors.convertThroughConversion" }]],
    ["re-opening a converted lead", converted, { status: "new" }, [{ path: "status", message: "work.lead.errors.convertedIsFinal" }]],
    ["editing a converted lead's words", converted, { statusReason: "签约了" }, []],
  ] as const)("%s", (_name, before, patch, expected) => {
    expect(statusChangeProblems(before, patch)).toEqual(expected);
  });
});

describe("the customer a lead registers as", () => {
  const lead = { name: "王总", company: "杭州云帆科技有限公司", phone: "0571-8888 6666", email: "wang@yunfan.cn" };
  it("a lead with a company registers the company, with the lead's phone and e-mail", () => {
    expect(customerFromLead(lead)).toEqual({ kind: "company", name: "杭州云帆科技有限公司", phone: "0571-8888 6666", email: "wang@yunfan.cn", uscc: null, city: null });
  });
  it("a lead without a company registers the person", () => {
    expect(customerFromLead({ ...lead, company: null })).toMatchObject({ kind: "person", name: "王总" });
  });
  it("what the user gives wins; a given null clears the lead's value", () => {
    expect(customerFromLead(lead, { name: "杭州云帆科技股份有限公司", city: "杭州", uscc: "91330100MA2XXXXX0X", email: null })).toMatchObject({
      name: "杭州云帆科技股份有限公司",
      city: "杭州",
      uscc: "91330100MA2XXXXX0X",
      email: null,
      phone: "0571-8888 6666",
    });
  });
});

describe("duplicates while typing", () => {
  it.each([
    ["杭州云帆科技有限公司", "杭州云帆科技"],
    ["杭州云帆科技", "杭州云帆科技"],
    ["杭州雲帆科技（集團）有限公司", "杭州云帆科技"],
    ["杭州云帆科技股份有限公司", "杭州云帆科技"],
    ["ＡＢＣ Trading Co., Ltd.", "abctrading"],
  ])("the company %s looks like %s", (raw, core) => {
    expect(companyCore(raw)).toBe(core);
  });

  it("ignores what is too short or not valid yet", () => {
    expect(duplicateProbe({ name: "王", company: "杭", phone: "1380013", email: "wang@" })).toEqual({ name: null, company: null, phone: null, email: null });
  });

  const probe = duplicateProbe({ name: "王 总", company: "杭州云帆科技有限公司", phone: "+86 138-0013-8000", email: " Wang@YunFan.cn " });
  it.each([
    ["the same phone written differently", { name: "李四", company: null, phone: "138 0013 8000", email: null }, ["phone"]],
    ["the same e-mail in capitals", { name: "李四", company: null, phone: null, email: "WANG@yunfan.cn" }, ["email"]],
    ["the company without its legal form", { name: "李四", company: "杭州云帆科技", phone: null, email: null }, ["company"]],
    ["the same person", { name: "王总", company: null, phone: null, email: null }, ["name"]],
    ["everything", { name: "王总", company: "杭州云帆科技有限公司", phone: "13800138000", email: "wang@yunfan.cn" }, ["name", "company", "phone", "email"]],
    ["a different company that starts the same", { name: "李四", company: "杭州云帆科技杭州分公司", phone: null, email: null }, []],
    ["a number sharing the last digits", { name: "李四", company: null, phone: "139 0013 8000", email: null }, []],
  ] as const)("lead: %s", (_name, lead, expected) => {
    expect(leadMatches(probe, lead)).toEqual(expected);
  });

  it.each([
    ["a company customer by name", { kind: "company", name: "杭州云帆科技有限公司", phone: null, email: null }, ["company"]],
    ["a person customer by name", { kind: "person", name: "王总", phone: null, email: null }, ["name"]],
    ["a customer's normalised phone", { kind: "company", name: "别的公司", phone: "+8613800138000", email: null }, ["phone"]],
    ["a person with the company's name does not match by company", { kind: "person", name: "杭州云帆科技有限公司", phone: null, email: null }, []],
  ] as const)("customer: %s", (_name, customer, expected) => {
    expect(customerMatches(probe, customer)).toEqual(expected);
  });
});
