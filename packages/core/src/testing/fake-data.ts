/**
 * Deterministic zh-CN fake data for the demo seed, tests and the benchmark. Pure: every generator
 * takes the random source, so the same seed always yields the same rows.
 */

/** A random source returning numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for fake data (not for anything secret). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer in [min, max], both ends included. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError("pick: no items");
  return items[Math.floor(rng() * items.length)]!;
}

/** True with the given probability. */
export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

/** Pick by relative weight: `weightedPick(rng, [["new", 35], ["contacted", 30]])`. */
export function weightedPick<T>(rng: Rng, choices: ReadonlyArray<readonly [value: T, weight: number]>): T {
  const total = choices.reduce((sum, [, weight]) => sum + Math.max(0, weight), 0);
  if (total <= 0) throw new RangeError("weightedPick: weights must add up to more than 0");
  let roll = rng() * total;
  for (const [value, weight] of choices) {
    roll -= Math.max(0, weight);
    if (roll < 0) return value;
  }
  // Floating-point leftovers land on the last positive choice.
  return [...choices].reverse().find(([, weight]) => weight > 0)![0];
}

/** A random instant in [from, to). */
export function randomDateBetween(rng: Rng, from: Date, to: Date): Date {
  return new Date(from.getTime() + Math.floor(rng() * (to.getTime() - from.getTime())));
}

// ── people ─────────────────────────────────────────────────────────────────────────────────────

/** Common surnames, roughly most frequent first (the pick below leans towards the front). */
export const SURNAMES = [
  ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
] as const;

const SURNAME_WEIGHTS = SURNAMES.map((surname, rank) => [surname, 1 / (rank + 8)] as const);

const SINGLE_GIVEN_NAMES = [..."伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚鹏辉华飞鑫波斌宇浩凯健俊帆琳婷雪倩颖欣悦晨阳峰亮"];
const GIVEN_FIRST = [..."建志晓文海国俊子思雨欣嘉佳家浩宇天明亚丽春小金永德立新振红玉美秀凤少一梓若诗博"];
const GIVEN_SECOND = [..."华平明军伟芳强婷涛杰鹏辉琳颖轩涵宁洁磊斌峰雪慧倩霞勇英兰萍刚东龙文琪怡然阳"];

export function givenName(rng: Rng): string {
  if (chance(rng, 0.3)) return pick(rng, SINGLE_GIVEN_NAMES);
  const first = pick(rng, GIVEN_FIRST);
  let second = pick(rng, GIVEN_SECOND);
  while (second === first) second = pick(rng, GIVEN_SECOND);
  return first + second;
}

/** A Chinese person's name: surname + 1–2 character given name, e.g. 王建华, 李静. */
export function personName(rng: Rng): string {
  return weightedPick(rng, SURNAME_WEIGHTS) + givenName(rng);
}

// ── places and companies ───────────────────────────────────────────────────────────────────────

export const CITIES = [
  "上海",
  "北京",
  "广州",
  "深圳",
  "杭州",
  "苏州",
  "南京",
  "成都",
  "武汉",
  "西安",
  "重庆",
  "天津",
  "长沙",
  "郑州",
  "青岛",
  "厦门",
  "合肥",
  "宁波",
  "无锡",
  "佛山",
] as const;
export type City = (typeof CITIES)[number];

export function city(rng: Rng): City {
  return pick(rng, CITIES);
}

const REGION_PREFIXES = ["江苏", "浙江", "广东", "山东", "四川", "湖北", "湖南", "福建", "安徽", "河南", "华东", "华南", "华北", "西南"];

/** 字号: the two-character trade name in a registered company name, with the romanisation its web domain uses. */
const TRADE_NAMES: ReadonlyArray<readonly [name: string, domain: string]> = [
  ["华信", "huaxin"], ["恒通", "hengtong"], ["宏达", "hongda"], ["鑫源", "xinyuan"], ["新辉", "xinhui"],
  ["瑞丰", "ruifeng"], ["中联", "zhonglian"], ["泰和", "taihe"], ["金鼎", "jinding"], ["博远", "boyuan"],
  ["天成", "tiancheng"], ["永盛", "yongsheng"], ["嘉禾", "jiahe"], ["盛世", "shengshi"], ["汇通", "huitong"],
  ["润泽", "runze"], ["弘毅", "hongyi"], ["卓越", "zhuoyue"], ["联创", "lianchuang"], ["东方", "dongfang"],
  ["明德", "mingde"], ["安泰", "antai"], ["致远", "zhiyuan"], ["百川", "baichuan"], ["佳讯", "jiaxun"],
  ["凯瑞", "kairui"], ["锦程", "jincheng"], ["正源", "zhengyuan"], ["海纳", "haina"], ["启明", "qiming"],
  ["宏图", "hongtu"], ["信达", "xinda"], ["云帆", "yunfan"], ["华腾", "huateng"], ["远航", "yuanhang"],
  ["同创", "tongchuang"], ["思源", "siyuan"], ["立诚", "licheng"], ["德润", "derun"], ["精诚", "jingcheng"],
];

export const INDUSTRIES = [
  "科技", "贸易", "医药", "机械", "电子", "食品", "建材", "物流", "信息技术",
  "商贸", "实业", "环保科技", "医疗器械", "软件", "新材料", "智能装备",
] as const;

export const COMPANY_SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司"] as const;

/** A registered company name: 城市/地区 + 字号 + 行业 + 组织形式, e.g. 苏州恒通电子有限公司. */
export function companyName(rng: Rng, options: { city?: string } = {}): string {
  const prefix = options.city ?? (chance(rng, 0.8) ? city(rng) : pick(rng, REGION_PREFIXES));
  const suffix = weightedPick(rng, [
    [COMPANY_SUFFIXES[0], 70],
    [COMPANY_SUFFIXES[1], 15],
    [COMPANY_SUFFIXES[2], 15],
  ]);
  return `${prefix}${pick(rng, TRADE_NAMES)[0]}${pick(rng, INDUSTRIES)}${suffix}`;
}

// ── contact details ────────────────────────────────────────────────────────────────────────────

/** Real mobile number-segment prefixes of the three carriers. */
export const MOBILE_PREFIXES = [
  "138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "182", "187", "188",
  "130", "131", "132", "155", "156", "166", "176", "185", "186",
  "133", "153", "173", "177", "180", "181", "189", "191", "199",
] as const;

/** An 11-digit mainland mobile number, e.g. 13812345678. */
export function mobilePhone(rng: Rng): string {
  let rest = "";
  for (let i = 0; i < 8; i++) rest += String(randomInt(rng, 0, 9));
  return pick(rng, MOBILE_PREFIXES) + rest;
}

const COMPANY_MAILBOXES = ["sales", "info", "contact", "service", "purchase", "bd", "market"];
const DOMAIN_TAILS = ["", "", "", "-tech", "group", "-cn"];
const PERSONAL_DOMAINS = ["qq.com", "163.com", "126.com", "139.com", "sina.com", "foxmail.com"];

/**
 * A company mailbox like sales12@hengtong-tech.com.cn. Given the company's name, the domain follows
 * its 字号 (恒通 → hengtong); otherwise it is a random one.
 */
export function companyEmail(rng: Rng, company?: string): string {
  const tradeName = company ? TRADE_NAMES.find(([name]) => company.includes(name)) : undefined;
  const domain = (tradeName ?? pick(rng, TRADE_NAMES))[1] + pick(rng, DOMAIN_TAILS);
  const tld = chance(rng, 0.7) ? "com.cn" : "com";
  return `${pick(rng, COMPANY_MAILBOXES)}${randomInt(rng, 1, 99)}@${domain}.${tld}`;
}

/** A personal mailbox: a QQ number, or a name-free handle at a common Chinese provider. */
export function personalEmail(rng: Rng): string {
  const domain = pick(rng, PERSONAL_DOMAINS);
  if (domain === "qq.com" || chance(rng, 0.5)) return `${randomInt(rng, 10_000_000, 2_999_999_999)}@${domain}`;
  return `user${randomInt(rng, 1000, 99_999)}@${domain}`;
}

// ── sales vocabulary ───────────────────────────────────────────────────────────────────────────

export const LEAD_SOURCES = ["官网咨询", "展会", "老客户转介绍", "电话拜访", "微信", "线上广告", "合作伙伴推荐"] as const;

export function leadSource(rng: Rng): (typeof LEAD_SOURCES)[number] {
  return weightedPick(rng, [
    ["官网咨询", 25],
    ["展会", 15],
    ["老客户转介绍", 15],
    ["电话拜访", 15],
    ["微信", 12],
    ["线上广告", 10],
    ["合作伙伴推荐", 8],
  ]);
}

export const DISQUALIFY_REASONS = ["预算不足", "已选择竞品", "联系不上", "暂无需求", "非决策人"] as const;

const LEAD_NOTES = [
  "客户对报价比较敏感，需要再沟通折扣。",
  "已发送产品资料，约定下周回访。",
  "对方采购负责人出差，月底再联系。",
  "需要安排技术人员上门演示。",
  "客户正在做年度预算，关注交付周期。",
  "老客户介绍，意向较强。",
];

export function leadNote(rng: Rng): string {
  return pick(rng, LEAD_NOTES);
}
