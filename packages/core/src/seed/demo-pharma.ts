/**
 * Demo data of the pharma plugin (`qudao.pharma`, packages/plugins/builtin/pharma) for the demo
 * pharma distributor, written through the same services the apps use — so every record passes the
 * plugin's compute and validate hooks exactly as a user's would (sample limits, consent, 统方, the
 * flow matching…):
 *
 * - the platform's master data (staff): 14 hospitals in 浙江省 (11 in 杭州, the partner's territory,
 *   one remote-area hospital served from 杭州, two elsewhere), departments, 14 doctors with their
 *   affiliations (two practising at a second site), 5 products and their sample lots;
 * - the partner's data: call reports of both reps over the last weeks (submitted ones, a draft, a
 *   correction), samples issued on them, cycle plans of this month and quarter, HCP spend, a
 *   hospital alias, three months of distributor sell-out rows (matched by name, by cleansing, by
 *   alias; some unmatched waiting in the review queue; a pharmacy row ignored), hospital access
 *   records in several stages, and master data change requests (one waiting for review).
 *
 * Dates are relative to `ctx.now` in China time, never in the future.
 */
import type { Actor } from "../actor/index.ts";
import { actorForUserId } from "../auth/actor-loader.ts";
import { baseDb, runAsActor } from "../db/index.ts";
import { createCustomRecord, moveCustomRecordStage, updateCustomRecord } from "../modules/plugins/index.ts";

export const PHARMA_PLUGIN_ID = "qudao.pharma";

type DemoUser = { id: string; email: string; name: string };
/** What the demo seed passes (a subset of its IndustryDemoContext). */
export type PharmaDemoContext = {
  now: Date;
  /** The installed plugin's id: "qudao.pharma" (tests install it under an id of their own). */
  pluginId?: string;
  partner: { id: string; name: string };
  admin: DemoUser;
  manager: DemoUser;
  reps: DemoUser[];
  platformAdmin: { id: string; email: string; name: string };
};

export type PharmaDemoSummary = { hospitals: number; hcps: number; visits: number; sampleIssues: number; flowRows: number; unmatchedFlowRows: number; accessRecords: number };

// ---------------------------------------------------------------------------------------------
// Master data

type HospitalSeed = { key: string; name: string; grade: string; type: string; city: string; district: string; address: string; beds: number; remoteArea?: boolean; territory?: string };
const HOSPITALS: HospitalSeed[] = [
  { key: "zy1", name: "浙江大学医学院附属第一医院", grade: "tier3A", type: "general", city: "杭州市", district: "上城区", address: "庆春路79号", beds: 3200 },
  { key: "zy2", name: "浙江大学医学院附属第二医院", grade: "tier3A", type: "general", city: "杭州市", district: "上城区", address: "解放路88号", beds: 3500 },
  { key: "sry", name: "浙江省人民医院", grade: "tier3A", type: "general", city: "杭州市", district: "拱墅区", address: "上塘路158号", beds: 2500 },
  { key: "hz1", name: "杭州市第一人民医院", grade: "tier3A", type: "general", city: "杭州市", district: "上城区", address: "浣纱路261号", beds: 1900 },
  { key: "zyy", name: "浙江省中医院", grade: "tier3A", type: "tcm", city: "杭州市", district: "上城区", address: "邮电路54号", beds: 1800 },
  { key: "zl", name: "浙江省肿瘤医院", grade: "tier3A", type: "specialty", city: "杭州市", district: "拱墅区", address: "半山东路1号", beds: 2000 },
  { key: "et", name: "杭州市儿童医院", grade: "tier3A", type: "specialty", city: "杭州市", district: "拱墅区", address: "文晖路195号", beds: 800 },
  { key: "xx", name: "杭州市西溪医院", grade: "tier3B", type: "general", city: "杭州市", district: "西湖区", address: "横街2号", beds: 1000 },
  { key: "lp", name: "杭州市临平区第一人民医院", grade: "tier3B", type: "general", city: "杭州市", district: "临平区", address: "迎宾路369号", beds: 1200 },
  { key: "xs", name: "杭州市萧山区中医院", grade: "tier2A", type: "tcm", city: "杭州市", district: "萧山区", address: "体育路156号", beds: 700 },
  { key: "hb", name: "杭州市上城区湖滨街道社区卫生服务中心", grade: "unrated", type: "community", city: "杭州市", district: "上城区", address: "东坡路20号", beds: 0 },
  { key: "jn", name: "景宁畲族自治县人民医院", grade: "tier2A", type: "general", city: "丽水市", district: "景宁畲族自治县", address: "人民中路88号", beds: 450, remoteArea: true, territory: "杭州" },
  { key: "nb", name: "宁波市第一医院", grade: "tier3A", type: "general", city: "宁波市", district: "海曙区", address: "柳汀街59号", beds: 2000 },
  { key: "wz", name: "温州医科大学附属第一医院", grade: "tier3A", type: "general", city: "温州市", district: "瓯海区", address: "南白象街道上江路1号", beds: 3000 },
];

const DEPARTMENTS: Array<[hospital: string, name: string, kind: string]> = [
  ["zy1", "心血管内科", "cardiology"],
  ["zy1", "内分泌科", "endocrinology"],
  ["zy1", "药剂科", "pharmacy"],
  ["zy2", "心血管内科", "cardiology"],
  ["zy2", "肿瘤内科", "oncology"],
  ["sry", "心血管内科", "cardiology"],
  ["sry", "内分泌科", "endocrinology"],
  ["hz1", "心血管内科", "cardiology"],
  ["hz1", "神经内科", "neurology"],
  ["zl", "肿瘤内科", "oncology"],
  ["xx", "内科", "internal"],
  ["lp", "心血管内科", "cardiology"],
  ["jn", "内科", "internal"],
];

type HcpSeed = { key: string; name: string; title: string; specialty: string; at: [string, string, string, string]; visiting?: [string, string, string] };
// at: hospital, department, position, role — the primary site; visiting: hospital, department, position.
const HCPS: HcpSeed[] = [
  { key: "wang", name: "王建国", title: "chief", specialty: "冠心病介入治疗", at: ["zy1", "心血管内科", "心血管内科主任", "head"], visiting: ["lp", "心血管内科", "专家门诊"] },
  { key: "chen", name: "陈晓燕", title: "associateChief", specialty: "高血压、血脂异常", at: ["zy1", "心血管内科", "副主任医师", "member"] },
  { key: "zhou", name: "周立民", title: "chief", specialty: "糖尿病及并发症", at: ["zy1", "内分泌科", "内分泌科主任", "head"] },
  { key: "xu", name: "徐静", title: "chiefPharmacist", specialty: "临床药学", at: ["zy1", "药剂科", "药剂科主任、药事会委员", "committee"] },
  { key: "li", name: "李海峰", title: "chief", specialty: "心力衰竭", at: ["zy2", "心血管内科", "心血管内科副主任", "deputyHead"] },
  { key: "zhao", name: "赵敏", title: "associateChief", specialty: "消化道肿瘤化疗", at: ["zy2", "肿瘤内科", "副主任医师", "member"] },
  { key: "sun", name: "孙伟", title: "attending", specialty: "心律失常", at: ["sry", "心血管内科", "主治医师", "member"] },
  { key: "wu", name: "吴丽华", title: "chief", specialty: "甲状腺疾病、糖尿病", at: ["sry", "内分泌科", "内分泌科主任", "head"] },
  { key: "zheng", name: "郑国强", title: "associateChief", specialty: "冠心病", at: ["hz1", "心血管内科", "副主任医师", "member"], visiting: ["jn", "内科", "对口支援专家"] },
  { key: "ma", name: "马晓东", title: "attending", specialty: "脑血管病", at: ["hz1", "神经内科", "主治医师", "member"] },
  { key: "he", name: "何芳", title: "chief", specialty: "肺癌综合治疗", at: ["zl", "肿瘤内科", "肿瘤内科主任", "head"] },
  { key: "gao", name: "高志远", title: "attending", specialty: "老年慢病管理", at: ["xx", "内科", "主治医师", "member"] },
  { key: "lin", name: "林佳", title: "attending", specialty: "高血压", at: ["lp", "心血管内科", "主治医师", "member"] },
  { key: "lan", name: "蓝卫东", title: "associateChief", specialty: "全科", at: ["jn", "内科", "内科主任", "head"] },
];

const PRODUCTS: Array<{ key: string; name: string; genericName: string; spec: string; code: string; approvalNo: string; unitPrice: string }> = [
  { key: "kx", name: "康欣", genericName: "阿托伐他汀钙片", spec: "20mg×7片", code: "KX-20", approvalNo: "国药准字H20213101", unitPrice: "35.60" },
  { key: "rp", name: "润平", genericName: "苯磺酸氨氯地平片", spec: "5mg×14片", code: "RP-5", approvalNo: "国药准字H20213102", unitPrice: "28.40" },
  { key: "ta", name: "糖安", genericName: "盐酸二甲双胍缓释片", spec: "0.5g×30片", code: "TA-05", approvalNo: "国药准字H20213103", unitPrice: "22.80" },
  { key: "sx", name: "舒心", genericName: "替格瑞洛片", spec: "90mg×14片", code: "SX-90", approvalNo: "国药准字H20213105", unitPrice: "96.50" },
  { key: "kn", name: "康宁", genericName: "注射用奥沙利铂", spec: "50mg/支", code: "KN-50", approvalNo: "国药准字H20213104", unitPrice: "486.00" },
];

// ---------------------------------------------------------------------------------------------
// Dates in China time

const DAY = 86_400_000;
/** YYYY-MM-DD in China (UTC+8), `days` before `now`. */
function chinaDate(now: Date, daysAgo: number): string {
  return new Date(now.getTime() + 8 * 3_600_000 - daysAgo * DAY).toISOString().slice(0, 10);
}
/** The `day`-th of this month in China, or today when that day has not come yet. */
function thisMonthDay(now: Date, day: number): string {
  const today = chinaDate(now, 0);
  const date = `${today.slice(0, 8)}${String(day).padStart(2, "0")}`;
  return date > today ? today : date;
}
function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

async function partnerActor(userId: string): Promise<Actor> {
  const loaded = await actorForUserId(userId, "script");
  if (!loaded || loaded.actor.kind !== "partner") throw new Error(`demo pharma: ${userId} is not a partner user`);
  return loaded.actor;
}

/** Creates records as one actor through the real service; returns each new record's id. */
function writer(actor: Actor, o: (name: string) => string) {
  return {
    create: async (object: string, values: Record<string, unknown>): Promise<string> => (await runAsActor(actor, () => createCustomRecord(actor, { object: o(object), values }))).id,
    update: async (id: string, values: Record<string, unknown>): Promise<void> => void (await runAsActor(actor, () => updateCustomRecord(actor, { id, values }))),
    move: async (id: string, pipeline: string, stage: string): Promise<void> => void (await runAsActor(actor, () => moveCustomRecordStage(actor, { id, pipeline: o(pipeline), stage }))),
  };
}

export async function seedPharmaDemo(ctx: PharmaDemoContext): Promise<PharmaDemoSummary> {
  const pluginId = ctx.pluginId ?? PHARMA_PLUGIN_ID;
  const o = (name: string) => `${pluginId.replace(/\./g, "_")}__${name}`;
  const existing = await baseDb().customObjectRecord.count({ where: { pluginId, object: o("hospital") } });
  if (existing > 0) return { hospitals: 0, hcps: 0, visits: 0, sampleIssues: 0, flowRows: 0, unmatchedFlowRows: 0, accessRecords: 0 };
  const [rep1, rep2] = ctx.reps;
  if (!rep1 || !rep2) throw new Error("demo pharma: two reps are needed");
  const now = ctx.now;
  const staff = writer({ kind: "platform", userId: ctx.platformAdmin.id, email: ctx.platformAdmin.email, name: ctx.platformAdmin.name, roles: ["admin"], via: "script" }, o);
  const admin = writer(await partnerActor(ctx.admin.id), o);
  const manager = writer(await partnerActor(ctx.manager.id), o);
  const reps = [writer(await partnerActor(rep1.id), o), writer(await partnerActor(rep2.id), o)] as const;

  // --- the platform's master data -----------------------------------------------------------
  const hospital: Record<string, string> = {};
  for (const [index, h] of HOSPITALS.entries()) {
    hospital[h.key] = await staff.create("hospital", {
      name: h.name,
      grade: h.grade,
      type: h.type,
      province: "浙江省",
      city: h.city,
      district: h.district,
      address: h.address,
      territory: h.territory ?? null,
      licenceNo: `PDY${String(47000000 + index * 1379).padStart(8, "0")}33010${index % 10}A1001`,
      licenceExpiresOn: `${2027 + (index % 4)}-${String((index % 12) + 1).padStart(2, "0")}-28`,
      remoteArea: h.remoteArea ?? false,
      beds: h.beds,
      active: true,
    });
  }
  const department: Record<string, string> = {};
  for (const [hospitalKey, name, kind] of DEPARTMENTS) department[`${hospitalKey}/${name}`] = await staff.create("department", { name, kind, hospital: hospital[hospitalKey] });
  const hcp: Record<string, string> = {};
  for (const [index, h] of HCPS.entries()) {
    hcp[h.key] = await staff.create("hcp", { name: h.name, title: h.title, specialty: h.specialty, licenceNo: `1103301000${String(52310 + index * 17).padStart(5, "0")}`, active: true });
    const [at, dept, position, role] = h.at;
    await staff.create("affiliation", { hcp: hcp[h.key], hospital: hospital[at], department: department[`${at}/${dept}`], position, role, primary: true });
    if (h.visiting) {
      const [vat, vdept, vposition] = h.visiting;
      await staff.create("affiliation", { hcp: hcp[h.key], hospital: hospital[vat], department: department[`${vat}/${vdept}`], position: vposition, role: "visiting", primary: false });
    }
  }
  const product: Record<string, string> = {};
  for (const p of PRODUCTS) product[p.key] = await staff.create("product", { name: p.name, genericName: p.genericName, spec: p.spec, code: p.code, approvalNo: p.approvalNo, manufacturer: "浙江康欣制药有限公司", unitPrice: p.unitPrice });
  const lot: Record<string, string> = {};
  const lots: Array<[key: string, product: string, lotNo: string, expiresInDays: number, quantity: number]> = [
    ["kx1", "kx", "KX2601A", 540, 400],
    ["kx0", "kx", "KX2503C", 60, 120],
    ["rp1", "rp", "RP2602B", 480, 300],
    ["ta1", "ta", "TA2601A", 400, 200],
    ["sx0", "sx", "SX2411D", -20, 80],
  ];
  for (const [key, productKey, lotNo, expiresInDays, quantity] of lots) lot[key] = await staff.create("sampleLot", { lotNo, product: product[productKey], expiresOn: chinaDate(now, -expiresInDays), quantity });

  // --- call reports, samples and corrections -------------------------------------------------
  type VisitSeed = { rep: 0 | 1; hcp: string; hospital: string; dept?: string; date: string; channel: string; subject: string; products: string[]; messages: string; next?: string; samples?: Array<[lot: string, quantity: number]>; submit: boolean };
  const visitSeeds: VisitSeed[] = [
    { rep: 0, hcp: "wang", hospital: "zy1", dept: "zy1/心血管内科", date: chinaDate(now, 40), channel: "faceToFace", subject: "康欣新规格学术拜访", products: ["kx"], messages: "介绍康欣20mg在急性冠脉综合征二级预防中的循证证据（LDL-C达标率）。", next: "邀请参加科室会", samples: [["kx1", 2]], submit: true },
    { rep: 0, hcp: "chen", hospital: "zy1", dept: "zy1/心血管内科", date: chinaDate(now, 33), channel: "faceToFace", subject: "润平血压管理方案", products: ["rp"], messages: "沟通苯磺酸氨氯地平在老年高血压患者中的用法用量与安全性。", samples: [["rp1", 2]], submit: true },
    { rep: 0, hcp: "zhou", hospital: "zy1", dept: "zy1/内分泌科", date: chinaDate(now, 26), channel: "meeting", subject: "内分泌科室会", products: ["ta"], messages: "科室会：二甲双胍缓释片胃肠道耐受性数据，解答关于肾功能调整剂量的问题。", next: "提供最新指南解读材料", submit: true },
    { rep: 0, hcp: "sun", hospital: "sry", dept: "sry/心血管内科", date: chinaDate(now, 19), channel: "phone", subject: "电话随访", products: ["kx", "sx"], messages: "回答关于康欣与替格瑞洛联合使用的药物相互作用问题。", submit: true },
    { rep: 0, hcp: "wang", hospital: "lp", dept: "lp/心血管内科", date: thisMonthDay(now, 2), channel: "faceToFace", subject: "专家门诊拜访", products: ["kx"], messages: "在临平区第一人民医院专家门诊后交流他汀强化治疗的依从性管理。", samples: [["kx1", 2]], submit: true },
    { rep: 0, hcp: "chen", hospital: "zy1", dept: "zy1/心血管内科", date: thisMonthDay(now, 3), channel: "online", subject: "线上病例讨论", products: ["rp", "kx"], messages: "线上病例讨论：高血压合并血脂异常患者的联合用药方案。", submit: true },
    { rep: 0, hcp: "zhou", hospital: "zy1", dept: "zy1/内分泌科", date: thisMonthDay(now, 4), channel: "faceToFace", subject: "糖安患者教育资料", products: ["ta"], messages: "递送糖安患者教育手册，介绍缓释剂型每日一次的服药方式。", next: "下周回访收集患者反馈", samples: [["ta1", 3]], submit: false },
    { rep: 1, hcp: "li", hospital: "zy2", dept: "zy2/心血管内科", date: chinaDate(now, 45), channel: "faceToFace", subject: "舒心抗血小板治疗", products: ["sx"], messages: "介绍替格瑞洛在急性冠脉综合征患者中的出血风险管理。", samples: [["sx0", 2]], submit: true },
    { rep: 1, hcp: "zhao", hospital: "zy2", dept: "zy2/肿瘤内科", date: chinaDate(now, 24), channel: "meeting", subject: "肿瘤内科学术会议", products: ["kn"], messages: "奥沙利铂联合方案的神经毒性预防与处理。", submit: true },
    { rep: 1, hcp: "zheng", hospital: "hz1", dept: "hz1/心血管内科", date: chinaDate(now, 12), channel: "faceToFace", subject: "康欣与润平联合方案", products: ["kx", "rp"], messages: "高血压合并高胆固醇血症的单片复方与联合用药。", samples: [["kx1", 1], ["rp1", 1]], submit: true },
    { rep: 1, hcp: "he", hospital: "zl", dept: "zl/肿瘤内科", date: thisMonthDay(now, 3), channel: "faceToFace", subject: "康宁供应与不良反应上报", products: ["kn"], messages: "说明康宁的不良反应监测与上报流程。", submit: true },
    { rep: 1, hcp: "lan", hospital: "jn", dept: "jn/内科", date: thisMonthDay(now, 4), channel: "phone", subject: "偏远地区配送沟通", products: ["rp"], messages: "沟通景宁县人民医院的配送周期与两票制下的开票安排。", submit: true },
  ];
  const visitIds: string[] = [];
  let sampleIssues = 0;
  for (const seed of visitSeeds) {
    const rep = reps[seed.rep];
    const id = await rep.create("visit", {
      subject: seed.subject,
      hcp: hcp[seed.hcp],
      hospital: hospital[seed.hospital],
      department: seed.dept ? department[seed.dept] : null,
      visitDate: seed.date,
      channel: seed.channel,
      attendees: seed.channel === "meeting" ? "科室医生约 12 人" : null,
      productsDetailed: seed.products.map((p) => product[p]),
      keyMessages: seed.messages,
      nextSteps: seed.next ?? null,
      consentRecorded: true,
      submitted: false,
    });
    for (const [lotKey, quantity] of seed.samples ?? []) {
      await rep.create("sampleIssue", { visit: id, hcp: hcp[seed.hcp], lot: lot[lotKey], quantity, issuedOn: seed.date, acknowledged: true });
      sampleIssues += 1;
    }
    if (seed.submit) await rep.update(id, { submitted: true });
    visitIds.push(id);
  }
  // A correction of a submitted report: a new report linked to it (the original stays as it was).
  const corrected = visitSeeds[3]!;
  visitIds.push(
    await reps[0].create("visit", {
      subject: "电话随访（更正）",
      hcp: hcp[corrected.hcp],
      hospital: hospital[corrected.hospital],
      department: department[corrected.dept!],
      visitDate: corrected.date,
      channel: "phone",
      productsDetailed: [product.kx, product.sx],
      keyMessages: "回答关于康欣与替格瑞洛联合使用的药物相互作用问题，并补充说明肝功能监测建议。",
      consentRecorded: true,
      corrects: visitIds[3],
      correctionReason: "原报告漏记肝功能监测建议",
      submitted: true,
    }),
  );

  // --- cycle plans: this month's face-to-face calls and the quarter's phone follow-ups ----------
  const month = chinaDate(now, 0).slice(0, 7);
  for (const [key, planned] of [["wang", 2], ["chen", 2], ["zhou", 2], ["sun", 1]] as const) {
    await reps[0].create("cyclePlan", { hcp: hcp[key], period: month, channel: "faceToFace", plannedVisits: planned });
  }
  await reps[0].create("cyclePlan", { hcp: hcp.sun, period: quarterOf(month), channel: "phone", plannedVisits: 3 });
  for (const [key, planned] of [["li", 2], ["he", 1], ["zheng", 2]] as const) {
    await reps[1].create("cyclePlan", { hcp: hcp[key], period: month, channel: "faceToFace", plannedVisits: planned });
  }
  await reps[1].create("cyclePlan", { hcp: hcp.lan, period: quarterOf(month), channel: "phone", plannedVisits: 2 });

  // --- HCP spend within the annual cap ---------------------------------------------------------
  await reps[0].create("spend", { hcp: hcp.zhou, visit: visitIds[2], category: "meal", amount: "360.00", spentOn: visitSeeds[2]!.date, description: "内分泌科室会工作餐（12 人）" });
  await reps[1].create("spend", { hcp: hcp.zhao, visit: visitIds[8], category: "speakerFee", amount: "2000.00", spentOn: visitSeeds[8]!.date, description: "肿瘤内科学术会议讲课费（协议编号 KX-SP-031）" });
  await reps[1].create("spend", { hcp: hcp.he, category: "conference", amount: "1200.00", spentOn: chinaDate(now, 15), description: "省抗癌协会年会注册费" });

  // --- sell-out rows, as the distributor's monthly files are imported ----------------------------
  // One alias the team already taught the system: how the files spell 浙大二院.
  await admin.create("hospitalAlias", { alias: "浙医二院", hospital: hospital.zy2 });
  type Flow = [daysAgo: number, hospitalName: string, productName: string, productCode: string | null, quantity: string, amount: string, extra?: Record<string, unknown>];
  const flows: Flow[] = [
    [80, "浙江大学医学院附属第一医院", "康欣 20mg×7片", "KX-20", "300", "10680.00"],
    [78, "浙江大学医学院附属第一医院（药剂科）", "润平 5mg×14片", "RP-5", "200", "5680.00"],
    [75, "浙医二院", "康欣", "KX-20", "180", "6408.00"],
    [72, "浙江省人民医院 药库", "糖安 0.5g×30片", "TA-05", "150", "3420.00"],
    [70, "杭州市第1人民医院", "康欣 20mg×7片", "KX-20", "120", "4272.00"],
    [52, "浙江大学医学院附属第一医院", "康欣 20mg×7片", "KX-20", "320", "11392.00"],
    [50, "浙江省肿瘤医院", "康宁 50mg", "KN-50", "40", "19440.00"],
    [47, "浙医二院", "舒心 90mg×14片", "SX-90", "60", "5790.00"],
    [45, "杭州市西溪医院", "润平 5mg×14片", "RP-5", "90", "2556.00"],
    [44, "宁波市第一医院", "康欣 20mg×7片", "KX-20", "100", "3560.00"],
    [40, "景宁畲族自治县人民医院", "润平 5mg×14片", "RP-5", "30", "852.00"],
    [38, "浙一医院", "康欣", "KX-20", "80", "2848.00"],
    [22, "浙江大学医学院附属第一医院", "康欣 20mg×7片", "KX-20", "280", "9968.00"],
    [20, "浙江省人民医院（本部）", "糖安 0.5g×30片", "TA-05", "160", "3648.00"],
    [18, "杭州市临平区第一人民医院", "康欣 20mg×7片", "KX-20", "60", "2136.00"],
    [16, "湖滨社区卫生服务中心", "润平", null, "20", "568.00"],
    [14, "浙医二院", "康宁 50mg", "KN-50", "12", "5832.00"],
    [10, "省人民医院药剂科", "舒心", "SX-90", "30", "2895.00"],
    [8, "温州医科大学附属第一医院", "康欣 20mg×7片", "KX-20", "150", "5340.00"],
    [6, "杭州九洲大药房（文三路店）", "康欣 20mg×7片", "KX-20", "24", "854.40", { ignored: true }],
    [3, "杭州市萧山区中医院", "糖安 0.5g×30片", "TA-05", "50", "1140.00"],
  ];
  let unmatchedFlowRows = 0;
  for (const [daysAgo, hospitalName, productName, productCode, quantity, amount, extra] of flows) {
    const id = await admin.create("flowRow", { distributor: ctx.partner.name, saleDate: chinaDate(now, daysAgo), hospitalName, productName, productCode, quantity, amount, ...extra });
    const row = await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id }, select: { values: true } });
    if ((row.values as Record<string, unknown>).matchStatus === "unmatched") unmatchedFlowRows += 1;
  }

  // --- hospital access: where each product stands at each hospital -------------------------------
  const access: Array<[hospital: string, product: string, stage: string, values: Record<string, unknown>]> = [
    ["zy1", "kx", "vbpWon", { committeeDate: chinaDate(now, 400), listingPlatform: "浙江省药械采购平台", listedPrice: "35.60", vbpBatch: "第九批国家组织药品集中采购" }],
    ["zy1", "sx", "listed", { committeeDate: chinaDate(now, 200), listingPlatform: "浙江省药械采购平台", listedPrice: "96.50" }],
    ["sry", "ta", "admitted", { committeeDate: chinaDate(now, 30) }],
    ["hz1", "rp", "committeeApplied", { note: "已提交新药申请，等待下次药事会（每季度一次）" }],
    ["zl", "kn", "vbpLost", { committeeDate: chinaDate(now, 500), listingPlatform: "浙江省药械采购平台", vbpBatch: "第七批国家组织药品集中采购", note: "未中标，转为院内备案采购" }],
    ["xx", "kx", "notAdmitted", { note: "医院用药目录调整中" }],
  ];
  for (const [hospitalKey, productKey, stage, values] of access) {
    const id = await manager.create("hospitalAccess", { hospital: hospital[hospitalKey], product: product[productKey], ...values });
    if (stage !== "notAdmitted") await manager.move(id, "access", stage);
  }

  // --- master data change requests ---------------------------------------------------------------
  await reps[0].create("dataChangeRequest", {
    summary: "浙江省人民医院床位数更新",
    targetObject: "hospital",
    hospital: hospital.sry,
    proposedValues: "床位数: 2800",
    reason: "医院官网 2026 年医院概况显示开放床位 2800 张",
  });
  await reps[1].create("dataChangeRequest", {
    summary: "郑国强晋升主任医师",
    targetObject: "hcp",
    hcp: hcp.zheng,
    proposedValues: "职称: 主任医师\n专长: 冠心病、心力衰竭",
    reason: "科室公告栏已公示职称晋升结果",
  });

  return { hospitals: HOSPITALS.length, hcps: HCPS.length, visits: visitIds.length, sampleIssues, flowRows: flows.length, unmatchedFlowRows, accessRecords: access.length };
}
