import type { ValidationIssue } from "@qudao/plugins/sdk";
import { halfWidth, text } from "./common.ts";

/**
 * Master data change requests: a partner's rep proposes new values for a platform master record
 * (a hospital's address, a doctor's title…) as "field: value" lines; platform staff approve or reject
 * it on the review pipeline; approval patches the master record. This is the catalogue of what may be
 * proposed per object, with the names people write (the field name, its Chinese or English label) and
 * the option labels a select accepts.
 */
type FieldType = "text" | "date" | "boolean" | "integer" | "decimal" | "select";
type CatalogueField = { name: string; type: FieldType; aliases: string[]; options?: Array<[value: string, ...labels: string[]]>; maxLength?: number };

const GRADES: Array<[string, ...string[]]> = [
  ["tier3A", "三级甲等", "三甲"],
  ["tier3B", "三级乙等", "三乙"],
  ["tier3", "三级"],
  ["tier2A", "二级甲等", "二甲"],
  ["tier2B", "二级乙等", "二乙"],
  ["tier2", "二级"],
  ["tier1", "一级"],
  ["unrated", "未定级"],
];
const HOSPITAL_TYPES: Array<[string, ...string[]]> = [
  ["general", "综合医院", "综合"],
  ["specialty", "专科医院", "专科"],
  ["tcm", "中医医院", "中医"],
  ["maternity", "妇幼保健院", "妇幼"],
  ["community", "社区卫生服务中心", "社区"],
  ["township", "乡镇卫生院", "乡镇"],
  ["private", "民营医院", "民营"],
];
const TITLES: Array<[string, ...string[]]> = [
  ["chief", "主任医师"],
  ["associateChief", "副主任医师"],
  ["attending", "主治医师"],
  ["resident", "住院医师"],
  ["pharmacist", "药师"],
  ["chiefPharmacist", "主任药师"],
];
const DEPARTMENT_KINDS: Array<[string, ...string[]]> = [
  ["internal", "内科"],
  ["surgery", "外科"],
  ["cardiology", "心血管", "心内科"],
  ["oncology", "肿瘤", "肿瘤科"],
  ["endocrinology", "内分泌", "内分泌科"],
  ["respiratory", "呼吸", "呼吸科"],
  ["neurology", "神经", "神经内科"],
  ["pediatrics", "儿科"],
  ["pharmacy", "药剂科"],
  ["other", "其他"],
];
const ROLES: Array<[string, ...string[]]> = [
  ["head", "科主任"],
  ["deputyHead", "副主任"],
  ["member", "医生"],
  ["committee", "药事会委员"],
  ["visiting", "多点执业"],
];

const name = (aliases: string[]): CatalogueField => ({ name: "name", type: "text", aliases: ["name", "名称", ...aliases], maxLength: 120 });

export const CHANGE_CATALOGUE: Record<string, CatalogueField[]> = {
  hospital: [
    name(["医院名称", "hospital name"]),
    { name: "grade", type: "select", aliases: ["grade", "等级", "医院等级"], options: GRADES },
    { name: "type", type: "select", aliases: ["type", "类型", "医院类型"], options: HOSPITAL_TYPES },
    { name: "province", type: "text", aliases: ["province", "省份", "省"], maxLength: 40 },
    { name: "city", type: "text", aliases: ["city", "城市", "市"], maxLength: 40 },
    { name: "district", type: "text", aliases: ["district", "区县", "区"], maxLength: 40 },
    { name: "address", type: "text", aliases: ["address", "地址"], maxLength: 200 },
    { name: "licenceNo", type: "text", aliases: ["licenceno", "licence no.", "许可证", "登记号", "医疗机构执业许可证登记号"], maxLength: 60 },
    { name: "licenceExpiresOn", type: "date", aliases: ["licenceexpireson", "licence valid until", "有效期", "许可证有效期至"] },
    { name: "beds", type: "integer", aliases: ["beds", "床位", "床位数"] },
    { name: "active", type: "boolean", aliases: ["active", "在用"] },
  ],
  department: [
    name(["科室名称", "department name"]),
    { name: "kind", type: "select", aliases: ["kind", "专业", "speciality"], options: DEPARTMENT_KINDS },
    { name: "beds", type: "integer", aliases: ["beds", "床位", "床位数"] },
  ],
  hcp: [
    name(["姓名"]),
    { name: "title", type: "select", aliases: ["title", "职称"], options: TITLES },
    { name: "specialty", type: "text", aliases: ["specialty", "专长"], maxLength: 80 },
    { name: "licenceNo", type: "text", aliases: ["licenceno", "licence no.", "医师执业证书编码", "执业证书"], maxLength: 40 },
    { name: "active", type: "boolean", aliases: ["active", "在职"] },
  ],
  affiliation: [
    { name: "position", type: "text", aliases: ["position", "职务"], maxLength: 80 },
    { name: "role", type: "select", aliases: ["role", "角色"], options: ROLES },
    { name: "primary", type: "boolean", aliases: ["primary", "第一执业地点", "primary site"] },
  ],
  product: [
    name(["商品名", "brand name"]),
    { name: "genericName", type: "text", aliases: ["genericname", "generic name", "通用名"], maxLength: 120 },
    { name: "spec", type: "text", aliases: ["spec", "规格"], maxLength: 80 },
    { name: "manufacturer", type: "text", aliases: ["manufacturer", "生产企业", "厂家"], maxLength: 120 },
    { name: "unitPrice", type: "decimal", aliases: ["unitprice", "listed price", "挂网价", "价格"] },
  ],
};

const TRUE = ["true", "yes", "是", "对", "1"];
const FALSE = ["false", "no", "否", "不", "0"];

function parseValue(field: CatalogueField, raw: string): { value: unknown } | null {
  const value = raw.trim();
  switch (field.type) {
    case "text":
      return value.length > 0 && value.length <= (field.maxLength ?? 200) ? { value } : null;
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? { value } : null;
    case "integer":
      return /^\d{1,9}$/.test(value) ? { value: Number(value) } : null;
    case "decimal":
      return /^\d{1,16}(\.\d{1,6})?$/.test(value) ? { value } : null;
    case "boolean": {
      const lower = value.toLowerCase();
      if (TRUE.includes(lower)) return { value: true };
      if (FALSE.includes(lower)) return { value: false };
      return null;
    }
    case "select": {
      const lower = value.toLowerCase();
      const option = (field.options ?? []).find(([v, ...labels]) => v.toLowerCase() === lower || labels.includes(value));
      return option ? { value: option[0] } : null;
    }
  }
}

export type ParsedChange = { values: Record<string, unknown>; issues: ValidationIssue[] };

/** "字段: 值" lines (":", "：" or "=") into field values of the target object, with an issue per bad line. */
export function parseProposedValues(targetObject: string, proposed: unknown): ParsedChange {
  const catalogue = CHANGE_CATALOGUE[targetObject];
  const values: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  if (!catalogue) return { values, issues: [{ field: "targetObject", messageKey: "changeRequest.unknownObject" }] };
  const lines = halfWidth(text(proposed))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  lines.forEach((line, index) => {
    const separator = line.search(/[:=]/);
    if (separator <= 0) {
      issues.push({ field: "proposedValues", messageKey: "changeRequest.lineFormat", params: { line: index + 1 } });
      return;
    }
    const key = line.slice(0, separator).trim().toLowerCase();
    const raw = line.slice(separator + 1);
    const field = catalogue.find((f) => f.aliases.some((a) => a.toLowerCase() === key));
    if (!field) {
      issues.push({ field: "proposedValues", messageKey: "changeRequest.unknownField", params: { line: index + 1, field: line.slice(0, separator).trim() } });
      return;
    }
    const parsed = parseValue(field, raw);
    if (!parsed) {
      issues.push({ field: "proposedValues", messageKey: `changeRequest.invalid.${field.type}`, params: { line: index + 1, field: field.name } });
      return;
    }
    values[field.name] = parsed.value;
  });
  if (lines.length === 0) issues.push({ field: "proposedValues", messageKey: "changeRequest.nothingProposed" });
  return { values, issues };
}
