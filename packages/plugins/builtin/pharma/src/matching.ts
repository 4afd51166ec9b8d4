import { halfWidth, text } from "./common.ts";

/**
 * Cleansing of hospital names as distributors write them in sell-out files, so that one hospital's
 * many spellings meet: full-width → half-width, no spaces or punctuation, one kind of bracket, "第1"
 * → "第一", no "省"/"市" (上海市第一人民医院 = 上海第一人民医院), and without the department suffixes
 * distributors add (药剂科, 药库, 门诊药房, (本部)…). Both sides — the file's name and the master's —
 * are cleansed the same way; a cleansed name shared by two hospitals matches neither.
 */
const SUFFIXES = [
  "门诊药房",
  "住院药房",
  "中心药房",
  "西药房",
  "中药房",
  "药剂科",
  "药剂部",
  "药学部",
  "药械科",
  "药房",
  "药库",
  "本部",
  "总院",
  "有限责任公司",
  "有限公司",
];
const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

export function normalizeHospitalName(raw: unknown): string {
  let name = halfWidth(text(raw)).toLowerCase();
  name = name.replace(/[【〔［「\[{]/g, "(").replace(/[】〕］」\]}]/g, ")");
  name = name.replace(/[\s·•・.,，、。_\-—–'"“”‘’:：;；]/g, "");
  name = name.replace(/第(\d{1,2})/g, (_m, d: string) => `第${Number(d) <= 10 ? DIGITS[Number(d)] : d}`);
  name = name.replace(/[省市]/g, "");
  let changed = true;
  while (changed && name.length > 0) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (name.endsWith(`(${suffix})`)) {
        name = name.slice(0, -(suffix.length + 2));
        changed = true;
      } else if (name.endsWith(suffix) && name.length > suffix.length) {
        name = name.slice(0, -suffix.length);
        changed = true;
      }
    }
    if (name.endsWith("()")) {
      name = name.slice(0, -2);
      changed = true;
    }
  }
  return name;
}

/** Product names compared the same loose way (width, spaces, brackets), keeping every character. */
export function normalizeProductName(raw: unknown): string {
  return halfWidth(text(raw))
    .toLowerCase()
    .replace(/[【〔［「\[{]/g, "(")
    .replace(/[】〕］」\]}]/g, ")")
    .replace(/[\s·•・_\-—–]/g, "");
}

/** A cleansed name's characters and character pairs, for `similarity`. */
export type NameGrams = { chars: Set<string>; pairs: Set<string> };

export function grams(value: string): NameGrams {
  const chars = Array.from(value);
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) pairs.add(`${chars[i]}${chars[i + 1]}`);
  return { chars: new Set(chars), pairs };
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

/**
 * How alike two cleansed names are, 0 … 1: the mean of the Dice coefficients of their characters and of
 * their character pairs ("杭州一医院" and "杭州第一人民医院" share every character but few pairs: 0.56).
 */
export function similarity(a: NameGrams, b: NameGrams): number {
  return (dice(a.chars, b.chars) + dice(a.pairs, b.pairs)) / 2;
}
