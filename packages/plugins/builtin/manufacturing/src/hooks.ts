/**
 * qudao.manufacturing — the hooks. They run in Qudao's sandbox: synchronous, no network, no clock of
 * their own (ctx.now), reads through ctx.records (replayed by the host, so every read may first answer
 * null / [] — nothing here treats that as final), and they return issues, computed values or intents.
 *
 * Master data (product lines, products, options, price lists with breaks, credit accounts) are the
 * platform's records; partners read them and cannot write them. Quotes, their lines, the installed
 * base, service tickets, warranty claims, part usage and stock are each dealer's own records.
 */
import {
  decimal,
  definePlugin,
  type CommissionContext,
  type CommissionLineOutput,
  type ComputeContext,
  type EventContext,
  type Intent,
  type RecordData,
  type RecordReader,
  type ReportContext,
  type ReportOutput,
  type ScheduleContext,
  type ValidateContext,
  type ValidationIssue,
} from "@qudao/plugins/sdk";
import {
  CLAIM_STATUS,
  HOUR_MS,
  OBJ,
  ORDER_EXTERNAL_PREFIX,
  ORDER_PAID_ON,
  ORDER_QUOTE_NUMBER,
  QUOTE_STATUS,
  TICKET_OVERDUE_EVENT,
  TICKET_STATUS,
  DAY_MS,
  addDays,
  addMonths,
  approvalThresholds,
  chinaDate,
  dec,
  idOf,
  int,
  isApprover,
  isDate,
  isSerialFormat,
  matchesSerialFormat,
  money,
  needsApproval,
  orderExternalId,
  quoteIdOfExternalId,
  slaHours,
  text,
} from "./model.ts";
import { chooseBreak, priceLine, quoteTotals, validPriceList } from "./pricing.ts";
import { tieredRebateLines } from "./rebate.ts";

// ---------------------------------------------------------------------------------------------
// Shared

type Values = Record<string, unknown>;

/** The partner owning the record being saved (null: a platform record). */
function ownerOf(ctx: ValidateContext): string | null {
  return ctx.recordPartnerId !== undefined ? ctx.recordPartnerId : ctx.actor.partnerId;
}

/** Master data is the platform's: a partner cannot create or change it (it reads the platform's records). */
function platformOnly(ctx: ValidateContext, objectKey: string): ValidationIssue[] {
  return ownerOf(ctx) !== null || ctx.actor.partnerId !== null ? [{ messageKey: "masterData.platformOnly", params: { object: objectKey } }] : [];
}

function changed(ctx: ValidateContext, fields: readonly string[]): string[] {
  if (!ctx.previous) return [];
  const previous = ctx.previous;
  return fields.filter((f) => JSON.stringify(ctx.record[f] ?? null) !== JSON.stringify(previous[f] ?? null));
}

function stageOf(values: Values | null | undefined, pipeline: string, first: string): string {
  const stage = values?.[pipeline];
  return typeof stage === "string" ? stage : first;
}

/** Every record of a query, page by page (at most `maxPages` × 200). */
function all(records: RecordReader, object: string, where: Record<string, string | number | boolean | null>, maxPages = 5): RecordData[] {
  const out: RecordData[] = [];
  for (let page = 0; page < maxPages; page++) {
    const rows = records.query(object, where, 200, page * 200);
    out.push(...rows);
    if (rows.length < 200) break;
  }
  return out;
}

/**
 * Like `all`, but asks for every page in the same read round (the offsets are known up front): a
 * validate hook's replays stay at two whatever the number of pages, which keeps it inside its 50 ms.
 */
function allInOneRound(records: RecordReader, object: string, where: Record<string, string | number | boolean | null>, pages: number): RecordData[] {
  const answers = Array.from({ length: pages }, (_, page) => records.query(object, where, 200, page * 200));
  const out: RecordData[] = [];
  for (const rows of answers) {
    out.push(...rows);
    if (rows.length < 200) break;
  }
  return out;
}

const today = (now: string) => chinaDate(now);

// ---------------------------------------------------------------------------------------------
// Master data

function checkProductLine(ctx: ValidateContext): ValidationIssue[] {
  const issues = platformOnly(ctx, "productLine");
  const code = text(ctx.record.code);
  if (code !== "" && !/^[A-Za-z0-9_-]{1,40}$/.test(code)) issues.push({ field: "code", messageKey: "productLine.codeFormat" });
  const format = text(ctx.record.serialFormat);
  if (format !== "" && !isSerialFormat(format)) issues.push({ field: "serialFormat", messageKey: "productLine.serialFormatInvalid" });
  return issues;
}

function checkProduct(ctx: ValidateContext): ValidationIssue[] {
  const issues = platformOnly(ctx, "product");
  const model = text(ctx.record.model);
  if (model !== "" && !/^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$/.test(model)) issues.push({ field: "model", messageKey: "product.modelFormat" });
  return issues;
}

/** Compute: an option is offered as "CK6150 · 液压卡盘" (the same option name exists on several products). */
function computeProductOption(ctx: ComputeContext): Values {
  const productId = idOf(ctx.record.product);
  const product = productId ? ctx.records.get(OBJ.product, productId) : null;
  const name = text(ctx.record.name);
  return { title: product ? `${text(product.model)} · ${name}` : name };
}

function checkProductOption(ctx: ValidateContext): ValidationIssue[] {
  return platformOnly(ctx, "productOption");
}

function checkPriceList(ctx: ValidateContext): ValidationIssue[] {
  const issues = platformOnly(ctx, "priceList");
  const from = ctx.record.validFrom;
  const to = ctx.record.validTo;
  if (isDate(from) && isDate(to) && to < from) issues.push({ field: "validTo", messageKey: "priceList.endsBeforeStart", params: { from, to } });
  return issues;
}

function checkPriceBreak(ctx: ValidateContext): ValidationIssue[] {
  const issues = platformOnly(ctx, "priceBreak");
  const fixed = dec(ctx.record.unitPrice);
  const discount = dec(ctx.record.discountPercent);
  if ((fixed === null) === (discount === null)) issues.push({ field: "unitPrice", messageKey: "priceBreak.priceOrDiscount" });
  if (idOf(ctx.record.product) && idOf(ctx.record.productLine)) issues.push({ field: "productLine", messageKey: "priceBreak.productOrLine" });
  return issues;
}

function checkCreditAccount(ctx: ValidateContext): ValidationIssue[] {
  return platformOnly(ctx, "creditAccount");
}

// ---------------------------------------------------------------------------------------------
// Quotes and their lines

function lineOptions(values: Values): string[] {
  return [values.option1, values.option2, values.option3].map(idOf).filter((v): v is string => v !== null);
}

/** Compute: the line's prices from the dealer's tier price list (volume breaks), options and line discount. */
function priceQuoteLine(ctx: ComputeContext): Values {
  const productId = idOf(ctx.record.product);
  const quantity = int(ctx.record.quantity);
  const product = productId ? ctx.records.get(OBJ.product, productId) : null;
  const options = lineOptions(ctx.record).map((id) => ctx.records.get(OBJ.productOption, id));
  const owner = ownerOf(ctx);
  const partner = owner ? ctx.records.get("partner", owner) : null;
  const lists = partner && typeof partner.tier === "string" ? ctx.records.query(OBJ.priceList, { tier: partner.tier, active: true }, 50) : [];
  const priceList = validPriceList(lists, today(ctx.now));
  const breaks = priceList ? ctx.records.query(OBJ.priceBreak, { priceList: priceList.id }, 200) : [];
  if (!product || !productId || quantity === null || quantity < 1) return {};
  const chosenOptions = options.filter((o): o is RecordData => o !== null);
  const choice = chooseBreak(breaks, productId, idOf(product.productLine), quantity);
  const price = priceLine({ product, options: chosenOptions, quantity, lineDiscountPercent: dec(ctx.record.lineDiscountPercent) ?? "0", priceList, choice });
  const optionNames = chosenOptions.map((o) => text(o.name)).filter((n) => n !== "");
  const item = [`${text(product.model)} ${text(product.name)}`.trim(), ...optionNames].join(" + ").slice(0, 300);
  return { item, ...price };
}

function checkQuoteLine(ctx: ValidateContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const quoteId = idOf(ctx.record.quote);
  const productId = idOf(ctx.record.product);
  const quote = quoteId ? ctx.records.get(OBJ.quote, quoteId) : null;
  const product = productId ? ctx.records.get(OBJ.product, productId) : null;
  const optionIds = lineOptions(ctx.record);
  const slots = (["option1", "option2", "option3"] as const).flatMap((field) => {
    const optionId = idOf(ctx.record[field]);
    return optionId ? [{ field, option: ctx.records.get(OBJ.productOption, optionId) }] : [];
  });
  if (ctx.previous && idOf(ctx.previous.quote) !== quoteId) issues.push({ field: "quote", messageKey: "quoteLine.quoteFixed" });
  if (quote && stageOf(quote, QUOTE_STATUS, "draft") !== "draft") issues.push({ field: "quote", messageKey: "quoteLine.quoteLocked", params: { quote: text(quote.subject) } });
  if (product && product.active !== true) issues.push({ field: "product", messageKey: "quoteLine.productInactive", params: { model: text(product.model) } });
  if (new Set(optionIds).size !== optionIds.length) issues.push({ field: "option2", messageKey: "quoteLine.optionTwice" });
  slots.forEach(({ field, option }) => {
    if (!option || !product) return;
    if (option.product !== productId) issues.push({ field, messageKey: "quoteLine.optionNotForProduct", params: { option: text(option.name), model: text(product.model) } });
    else if (option.active !== true) issues.push({ field, messageKey: "quoteLine.optionInactive", params: { option: text(option.name) } });
  });
  const unitPrice = dec(ctx.record.unitPrice);
  if (unitPrice !== null && decimal.sign(unitPrice) < 0) issues.push({ field: "product", messageKey: "quoteLine.negativePrice", params: { unitPrice } });
  return issues;
}

/** The totals a quote shows, from its lines; null when its lines cannot be read here. */
function totalsFromLines(records: RecordReader, quoteId: string | null) {
  if (!quoteId) return null;
  return quoteTotals(all(records, OBJ.quoteLine, { quote: quoteId }, 1));
}

function quoteNumberAt(now: string): string {
  const local = new Date(Date.parse(now) + 8 * HOUR_MS).toISOString();
  return `BJ-${local.slice(0, 10).replace(/-/g, "")}${local.slice(11, 19).replace(/:/g, "")}-${local.slice(20, 23)}`;
}

/** Compute: number on create, totals (from the lines when the quote's id is known), approval fields on stage moves. */
function computeQuote(ctx: ComputeContext): Values {
  const out: Values = {};
  if (ctx.operation === "create" || text(ctx.record.quoteNumber) === "") out.quoteNumber = quoteNumberAt(ctx.now);
  if (ctx.operation === "create") Object.assign(out, { lineCount: 0, listTotal: "0.00", total: "0.00", maxDiscountPercent: "0.00" });
  const totals = totalsFromLines(ctx.records, idOf(ctx.record.id));
  if (totals) Object.assign(out, totals);
  const total = dec(out.total ?? ctx.record.total) ?? "0";
  const maxDiscount = dec(out.maxDiscountPercent ?? ctx.record.maxDiscountPercent) ?? "0";
  out.needsApproval = needsApproval(total, maxDiscount, ctx.settings);
  const from = stageOf(ctx.previous, QUOTE_STATUS, "draft");
  const to = stageOf(ctx.record, QUOTE_STATUS, "draft");
  if (from !== to) {
    if (to === "pendingApproval") out.submittedBy = ctx.actor.userId;
    if (to === "approved") Object.assign(out, { approvedBy: ctx.actor.userId, approvedAt: ctx.now, approvedTotal: total });
    if (to === "draft") Object.assign(out, { approvedBy: null, approvedAt: null, approvedTotal: null });
    if (to === "ordered") out.orderedAt = ctx.now;
  }
  return out;
}

const QUOTE_CONTENT = ["subject", "customer", "contactName", "validUntil", "paymentTerms", "deliveryTerms", "notes"] as const;
const QUOTE_MOVES: Record<string, string[]> = {
  draft: ["pendingApproval", "approved", "expired"],
  pendingApproval: ["draft", "approved", "rejected", "expired"],
  approved: ["draft", "ordered", "expired"],
  ordered: [],
  rejected: ["draft"],
  expired: ["draft"],
};

/** Exposure on the dealer's credit: its unpaid orders placed within the payment terms. */
function openExposure(records: RecordReader, partnerId: string, now: string, termsDays: number): decimal.Decimal {
  const since = Date.parse(now) - termsDays * DAY_MS;
  const orders = allInOneRound(records, "order", {}, 5);
  let exposure = decimal.from("0");
  for (const order of orders) {
    if (order.attributedPartnerId !== partnerId) continue;
    if (Date.parse(String(order.orderedAt)) < since) continue;
    const fields = (order.customFields ?? {}) as Values;
    if (isDate(fields[ORDER_PAID_ON])) continue;
    exposure = decimal.add(exposure, dec(order.total) ?? "0");
  }
  return exposure;
}

/** The credit check for an order of `amount` by a dealer: issues naming the numbers, or none. */
function creditIssues(ctx: ValidateContext, partnerId: string | null, amount: string, field: string): ValidationIssue[] {
  if (ctx.settings.creditCheck === false) return [];
  if (!partnerId) return [{ field, messageKey: "credit.noAccount" }];
  // The account and the orders are read in one round (the orders do not depend on the account).
  const account = ctx.records.query(OBJ.creditAccount, { partner: partnerId }, 1)[0] ?? null;
  const terms = account ? (int(account.paymentTermsDays) ?? 0) : 0;
  const exposure = openExposure(ctx.records, partnerId, ctx.now, terms);
  if (!account) return [{ field, messageKey: "credit.noAccount" }];
  if (account.onHold === true) return [{ field, messageKey: "credit.onHold", params: { account: text(account.name) } }];
  const limit = dec(account.creditLimit) ?? "0";
  const after = decimal.add(exposure, amount);
  if (decimal.compare(after, limit) <= 0) return [];
  return [
    {
      field,
      messageKey: "credit.limitExceeded",
      params: { limit: money(limit), exposure: money(exposure), amount: money(amount), available: money(decimal.compare(exposure, limit) >= 0 ? "0" : decimal.sub(limit, exposure)), days: terms },
    },
  ];
}

function checkQuote(ctx: ValidateContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const from = stageOf(ctx.previous, QUOTE_STATUS, "draft");
  const to = stageOf(ctx.record, QUOTE_STATUS, "draft");
  const day = today(ctx.now);
  const validUntil = ctx.record.validUntil;
  if (ctx.operation === "create" && isDate(validUntil) && validUntil < day) issues.push({ field: "validUntil", messageKey: "quote.validUntilPast", params: { date: validUntil } });
  if (from === to) {
    if (to !== "draft" && changed(ctx, QUOTE_CONTENT).length > 0) issues.push({ messageKey: "quote.lockedAfterSubmit" });
    return issues;
  }
  if (from === "ordered") return [{ messageKey: "quote.orderedIsFinal" }];
  if (!(QUOTE_MOVES[from] ?? []).includes(to)) {
    if (to === "ordered") return [{ messageKey: "quote.orderNeedsApproval" }];
    if (to === "rejected") return [{ messageKey: "quote.rejectOnlyPending" }];
    return [{ messageKey: "quote.reopenToDraft" }];
  }
  const total = dec(ctx.record.total) ?? "0";
  const maxDiscount = dec(ctx.record.maxDiscountPercent) ?? "0";
  const above = needsApproval(total, maxDiscount, ctx.settings);
  const thresholds = approvalThresholds(ctx.settings);
  if (to === "pendingApproval" || to === "approved" || to === "ordered") {
    if ((int(ctx.record.lineCount) ?? 0) < 1) return [{ messageKey: "quote.noLines" }];
    if (isDate(validUntil) && validUntil < day) return [{ field: "validUntil", messageKey: "quote.expired", params: { date: validUntil } }];
  }
  if (to === "approved" && above && !isApprover(ctx.actor)) {
    issues.push({ messageKey: "quote.approvalRequiresManager", params: { total: money(total), maxDiscount: money(maxDiscount), discountThreshold: thresholds.discount, amountThreshold: money(thresholds.amount) } });
  }
  if (to === "rejected" && !isApprover(ctx.actor)) issues.push({ messageKey: "quote.rejectRequiresManager" });
  if (to === "ordered") {
    const approvedTotal = dec(ctx.record.approvedTotal);
    const approved = idOf(ctx.record.approvedBy) !== null && approvedTotal !== null && decimal.compare(approvedTotal, total) === 0;
    if (above && !approved) return [{ messageKey: "quote.notApproved", params: { total: money(total) } }];
    if (!idOf(ctx.record.customer)) return [{ field: "customer", messageKey: "quote.customerRequired" }];
    issues.push(...creditIssues(ctx, ownerOf(ctx), total, "total"));
  }
  return issues;
}

/** Event: a line was added or changed — the quote's totals and whether it needs approval follow. */
function refreshQuoteTotals(ctx: EventContext): Intent[] {
  const lineId = idOf(ctx.event.payload.recordId);
  const line = lineId ? ctx.records.get(OBJ.quoteLine, lineId) : null;
  const quoteId = line ? idOf(line.quote) : null;
  const quote = quoteId ? ctx.records.get(OBJ.quote, quoteId) : null;
  const totals = totalsFromLines(ctx.records, quoteId);
  if (!quote || !quoteId || !totals) return [];
  const set: Values = { ...totals, needsApproval: needsApproval(totals.total, totals.maxDiscountPercent, ctx.settings) };
  const stale = Object.keys(set).some((k) => JSON.stringify(quote[k] ?? null) !== JSON.stringify(set[k]));
  return stale ? [{ type: "patch", object: OBJ.quote, id: quoteId, set }] : [];
}

/** Event: a quote moved — notify the approvers or the rep, and an ordered quote becomes a platform order. */
function onQuoteStageChanged(ctx: EventContext): Intent[] {
  const payload = ctx.event.payload;
  const quoteId = idOf(payload.recordId);
  const quote = quoteId ? ctx.records.get(OBJ.quote, quoteId) : null;
  if (!quote || !quoteId) return [];
  const link = { object: OBJ.quote, id: quoteId };
  const params = { quote: text(quote.subject), number: text(quote.quoteNumber), total: money(dec(quote.total) ?? "0") };
  const submitter = idOf(quote.submittedBy);
  const actor = idOf(payload.actorUserId);
  switch (payload.toStage) {
    case "pendingApproval":
      return [{ type: "notify", roles: ["manager", "admin"], titleKey: "notify.quoteSubmitted.title", bodyKey: "notify.quoteSubmitted.body", params, link }];
    case "approved":
    case "rejected":
      if (!submitter || submitter === actor) return [];
      return [{ type: "notify", userIds: [submitter], titleKey: `notify.quote${payload.toStage === "approved" ? "Approved" : "Rejected"}.title`, bodyKey: `notify.quote${payload.toStage === "approved" ? "Approved" : "Rejected"}.body`, params, link }];
    case "ordered":
      return orderIntent(ctx, quoteId, quote);
    default:
      return [];
  }
}

/** The createOrder intent of an ordered quote: one item per line, at its net unit price. */
function orderIntent(ctx: EventContext, quoteId: string, quote: RecordData): Intent[] {
  const customerId = idOf(quote.customer);
  const lines = all(ctx.records, OBJ.quoteLine, { quote: quoteId }, 1);
  const products = new Map<string, RecordData | null>();
  for (const line of lines) {
    const id = idOf(line.product);
    if (id && !products.has(id)) products.set(id, ctx.records.get(OBJ.product, id));
  }
  const productLines = new Map<string, RecordData | null>();
  for (const product of products.values()) {
    const id = product ? idOf(product.productLine) : null;
    if (id && !productLines.has(id)) productLines.set(id, ctx.records.get(OBJ.productLine, id));
  }
  if (!customerId || lines.length === 0) return [];
  const items = [];
  for (const line of lines) {
    const product = products.get(String(line.product)) ?? null;
    const productLine = product ? (productLines.get(String(product.productLine)) ?? null) : null;
    const quantity = int(line.quantity);
    const unitPrice = dec(line.netUnitPrice);
    if (!product || quantity === null || unitPrice === null) return [];
    items.push({
      sku: text(product.model),
      name: (text(line.item) || text(product.name)).slice(0, 200),
      ...(productLine && text(productLine.code) ? { category: text(productLine.code) } : {}),
      quantity: String(quantity),
      unitPrice: money(unitPrice),
    });
  }
  return [
    {
      type: "createOrder",
      externalId: orderExternalId(quoteId),
      customerId,
      items,
      customFields: { [ORDER_QUOTE_NUMBER]: text(quote.quoteNumber) || quoteId },
      sourceRef: { object: OBJ.quote, id: quoteId },
    },
  ];
}

/** Event: the platform recorded an order — if it is one of our quotes', the quote shows its order number. */
function linkOrderToQuote(ctx: EventContext): Intent[] {
  const orderId = idOf(ctx.event.payload.orderId);
  const order = orderId ? ctx.records.get("order", orderId) : null;
  const externalId = ctx.event.payload.externalId ?? order?.externalId;
  const quoteId = quoteIdOfExternalId(externalId);
  const quote = quoteId ? ctx.records.get(OBJ.quote, quoteId) : null;
  if (!quote || !quoteId || !order) return [];
  const number = text(order.externalId);
  return text(quote.orderNumber) === number ? [] : [{ type: "patch", object: OBJ.quote, id: quoteId, set: { orderNumber: number } }];
}

/** Validate: an order this plugin places (a converted quote) is refused when it would exceed the dealer's credit. */
function checkOrderCredit(ctx: ValidateContext): ValidationIssue[] {
  const fields = (ctx.record.customFields ?? {}) as Values;
  const ours = text(fields[ORDER_QUOTE_NUMBER]) !== "" || (typeof ctx.record.externalId === "string" && ctx.record.externalId.includes(ORDER_EXTERNAL_PREFIX));
  if (!ours) return [];
  const partnerId = ownerOf(ctx) ?? idOf(ctx.record.attributedPartnerId) ?? ctx.partnerId;
  return creditIssues(ctx, partnerId, dec(ctx.record.total) ?? "0", "total");
}

// ---------------------------------------------------------------------------------------------
// Installed base

function warrantyOf(installDate: unknown, months: number, day: string): { warrantyEnd: string | null; inWarranty: boolean } {
  if (!isDate(installDate) || months <= 0) return { warrantyEnd: null, inWarranty: false };
  // The last covered day is the day before the anniversary; when the anniversary's day does not exist
  // (31 August + 6 months), the warranty runs to the end of that shorter month.
  const anniversary = addMonths(installDate, months);
  const warrantyEnd = Number(anniversary.slice(8)) < Number(installDate.slice(8)) ? anniversary : addDays(anniversary, -1);
  return { warrantyEnd, inWarranty: day >= installDate && day <= warrantyEnd };
}

/** Compute: warranty end (install date + the equipment's, product's or product line's months − 1 day) and "in warranty" today. */
function computeEquipment(ctx: ComputeContext): Values {
  const productId = idOf(ctx.record.product);
  const product = productId ? ctx.records.get(OBJ.product, productId) : null;
  const lineId = product ? idOf(product.productLine) : null;
  const line = lineId ? ctx.records.get(OBJ.productLine, lineId) : null;
  const months = int(ctx.record.warrantyMonths) ?? (product ? int(product.warrantyMonths) : null) ?? (line ? int(line.warrantyMonths) : null) ?? 0;
  return warrantyOf(ctx.record.installDate, months, today(ctx.now));
}

const MAX_HIERARCHY_DEPTH = 5;

function checkEquipment(ctx: ValidateContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const serial = text(ctx.record.serialNumber);
  const productId = idOf(ctx.record.product);
  const product = productId ? ctx.records.get(OBJ.product, productId) : null;
  const lineId = product ? idOf(product.productLine) : null;
  const line = lineId ? ctx.records.get(OBJ.productLine, lineId) : null;
  const format = line ? text(line.serialFormat) : "";
  if (serial !== "" && format !== "" && !matchesSerialFormat(serial, format)) {
    issues.push({ field: "serialNumber", messageKey: "equipment.serialFormat", params: { serial, format, line: text(line?.name) } });
  }
  if (isDate(ctx.record.installDate) && ctx.record.installDate > today(ctx.now)) issues.push({ field: "installDate", messageKey: "equipment.installDateFuture" });
  const own = new Set([serial, text(ctx.previous?.serialNumber)].filter((s) => s !== ""));
  let parentId = idOf(ctx.record.parent);
  const first = parentId ? ctx.records.get(OBJ.equipment, parentId) : null;
  if (first && idOf(first.customer) !== idOf(ctx.record.customer)) issues.push({ field: "parent", messageKey: "equipment.parentOtherCustomer", params: { parent: text(first.serialNumber) } });
  for (let depth = 1; parentId; depth++) {
    const parent = ctx.records.get(OBJ.equipment, parentId);
    if (!parent) break;
    if (own.has(text(parent.serialNumber))) {
      issues.push({ field: "parent", messageKey: "equipment.parentCycle" });
      break;
    }
    if (depth >= MAX_HIERARCHY_DEPTH) {
      issues.push({ field: "parent", messageKey: "equipment.hierarchyTooDeep", params: { max: MAX_HIERARCHY_DEPTH } });
      break;
    }
    parentId = idOf(parent.parent);
  }
  return issues;
}

/** Schedule (hourly): "in warranty" follows the calendar — equipment whose warranty started or ended since is patched (100 intents a run at most). */
function refreshWarranty(ctx: ScheduleContext): Intent[] {
  const day = today(ctx.now);
  const intents: Intent[] = [];
  for (const equipment of all(ctx.records, OBJ.equipment, {})) {
    if (intents.length >= 100) break;
    const end = equipment.warrantyEnd;
    const inWarranty = isDate(end) && isDate(equipment.installDate) && day >= equipment.installDate && day <= end;
    if (equipment.inWarranty !== inWarranty) intents.push({ type: "patch", object: OBJ.equipment, id: equipment.id, set: { inWarranty } });
  }
  return intents;
}

// ---------------------------------------------------------------------------------------------
// Service

const OPEN_TICKET_STAGES = ["new", "assigned", "onSite"];

function computeTicket(ctx: ComputeContext): Values {
  const out: Values = {};
  const reportedAt = typeof ctx.record.reportedAt === "string" ? ctx.record.reportedAt : ctx.now;
  if (ctx.record.reportedAt !== reportedAt) out.reportedAt = reportedAt;
  if (ctx.operation === "create") {
    const equipmentId = idOf(ctx.record.equipment);
    const equipment = equipmentId ? ctx.records.get(OBJ.equipment, equipmentId) : null;
    const end = equipment?.warrantyEnd;
    out.inWarranty = isDate(end) && isDate(equipment?.installDate) && today(reportedAt) >= String(equipment?.installDate) && today(reportedAt) <= end;
  }
  const priority = text(ctx.record.priority) || "normal";
  const dueAt = new Date(Date.parse(reportedAt) + slaHours(priority, ctx.settings) * HOUR_MS).toISOString();
  out.dueAt = dueAt;
  const from = stageOf(ctx.previous, TICKET_STATUS, "new");
  const to = stageOf(ctx.record, TICKET_STATUS, "new");
  if (to === "resolved") {
    const resolvedAt = from === "resolved" && typeof ctx.record.resolvedAt === "string" ? ctx.record.resolvedAt : ctx.now;
    out.resolvedAt = resolvedAt;
    out.slaStatus = Date.parse(resolvedAt) <= Date.parse(dueAt) ? "met" : "missed";
  } else if (to === "closed") {
    out.resolvedAt = null;
    out.slaStatus = null;
  } else {
    out.resolvedAt = null;
    out.slaStatus = Date.parse(ctx.now) > Date.parse(dueAt) ? "overdue" : "onTrack";
    if (from !== to && !OPEN_TICKET_STAGES.includes(from)) out.escalatedAt = null;
  }
  return out;
}

function checkTicket(ctx: ValidateContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const equipmentId = idOf(ctx.record.equipment);
  const equipment = equipmentId ? ctx.records.get(OBJ.equipment, equipmentId) : null;
  if (typeof ctx.record.reportedAt === "string" && Date.parse(ctx.record.reportedAt) > Date.parse(ctx.now) + 5 * 60_000) issues.push({ field: "reportedAt", messageKey: "ticket.reportedInFuture" });
  if (ctx.operation === "create" && equipment?.status === "retired") issues.push({ field: "equipment", messageKey: "ticket.equipmentRetired", params: { serial: text(equipment.serialNumber) } });
  const from = stageOf(ctx.previous, TICKET_STATUS, "new");
  const to = stageOf(ctx.record, TICKET_STATUS, "new");
  if (from !== to) {
    if ((to === "assigned" || to === "onSite" || to === "resolved") && text(ctx.record.technician) === "") issues.push({ field: "technician", messageKey: "ticket.technicianRequired" });
    if (to === "resolved" && text(ctx.record.resolution) === "") issues.push({ field: "resolution", messageKey: "ticket.resolutionRequired" });
  }
  return issues;
}

/** Schedule (every 15 min): open tickets past their SLA are escalated once — marked, the managers told, a task, an event for automation. */
function escalateOverdueTickets(ctx: ScheduleContext): Intent[] {
  const now = Date.parse(ctx.now);
  const open = OPEN_TICKET_STAGES.flatMap((stage) => all(ctx.records, OBJ.serviceTicket, { [TICKET_STATUS]: stage }, 2));
  const overdue = open
    .filter((t) => typeof t.dueAt === "string" && Date.parse(t.dueAt) < now && !t.escalatedAt)
    .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)))
    .slice(0, 25);
  const intents: Intent[] = [];
  for (const ticket of overdue) {
    const hoursOverdue = decimal.toString(decimal.divide(String(now - Date.parse(String(ticket.dueAt))), String(HOUR_MS), 1));
    const link = { object: OBJ.serviceTicket, id: ticket.id };
    const subject = text(ticket.subject);
    intents.push(
      { type: "patch", object: OBJ.serviceTicket, id: ticket.id, set: { escalatedAt: ctx.now, slaStatus: "overdue" } },
      { type: "notify", roles: ["manager", "admin"], titleKey: "notify.ticketOverdue.title", bodyKey: "notify.ticketOverdue.body", params: { ticket: subject, hours: hoursOverdue }, link },
      { type: "createTask", titleKey: "task.ticketOverdue", params: { ticket: subject.slice(0, 200) }, note: `${text(ticket.technician)} · ${String(ticket.dueAt)}`.slice(0, 2000), dueAt: new Date(now + 2 * HOUR_MS).toISOString() },
      { type: "emitEvent", name: TICKET_OVERDUE_EVENT, payload: { ticketId: ticket.id, priority: text(ticket.priority), hoursOverdue, inWarranty: ticket.inWarranty === true } },
    );
  }
  return intents;
}

function computeWarrantyClaim(ctx: ComputeContext): Values {
  const ticketId = idOf(ctx.record.ticket);
  const usages = ticketId ? all(ctx.records, OBJ.partUsage, { ticket: ticketId }, 1) : [];
  const parts = new Map<string, RecordData | null>();
  for (const usage of usages) {
    const id = idOf(usage.part);
    if (id && !parts.has(id)) parts.set(id, ctx.records.get(OBJ.product, id));
  }
  const partsAmount = decimal.sum(usages.map((u) => decimal.mul(dec(parts.get(String(u.part))?.listPrice) ?? "0", int(u.quantity) ?? 0)));
  const labor = dec(ctx.record.laborAmount) ?? "0";
  const out: Values = { partsAmount: money(partsAmount), amount: money(decimal.add(partsAmount, labor)) };
  const from = stageOf(ctx.previous, CLAIM_STATUS, "submitted");
  const to = stageOf(ctx.record, CLAIM_STATUS, "submitted");
  if (from !== to) Object.assign(out, to === "submitted" ? { decidedBy: null, decidedAt: null } : { decidedBy: ctx.actor.userId, decidedAt: ctx.now });
  return out;
}

const CLAIM_CONTENT = ["subject", "ticket", "description", "laborAmount"] as const;

function checkWarrantyClaim(ctx: ValidateContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ticketId = idOf(ctx.record.ticket);
  const ticket = ticketId ? ctx.records.get(OBJ.serviceTicket, ticketId) : null;
  const equipmentId = ticket ? idOf(ticket.equipment) : null;
  const equipment = equipmentId ? ctx.records.get(OBJ.equipment, equipmentId) : null;
  const others = ticketId && ctx.operation === "create" ? ctx.records.query(OBJ.warrantyClaim, { ticket: ticketId }, 1) : [];
  const from = stageOf(ctx.previous, CLAIM_STATUS, "submitted");
  const to = stageOf(ctx.record, CLAIM_STATUS, "submitted");
  if (ctx.operation === "create" || changed(ctx, ["ticket"]).length > 0) {
    if (ticket && ticket.inWarranty !== true) issues.push({ field: "ticket", messageKey: "claim.notInWarranty", params: { serial: text(equipment?.serialNumber) } });
    if (ticket && stageOf(ticket, TICKET_STATUS, "new") !== "resolved") issues.push({ field: "ticket", messageKey: "claim.ticketNotResolved" });
    if (others.length > 0) issues.push({ field: "ticket", messageKey: "claim.duplicate", params: { claim: text(others[0]!.subject) } });
  }
  if (from === to) {
    if (to !== "submitted" && changed(ctx, CLAIM_CONTENT).length > 0) issues.push({ messageKey: "claim.locked" });
  } else if (to !== "submitted") {
    if (from !== "submitted") issues.push({ messageKey: "claim.alreadyDecided" });
    else if (!isApprover(ctx.actor)) issues.push({ messageKey: "claim.approvalRequiresManager" });
    else if (to === "rejected" && text(ctx.record.decisionNote) === "") issues.push({ field: "decisionNote", messageKey: "claim.decisionNoteRequired" });
  }
  if (to !== "rejected" && decimal.sign(dec(ctx.record.amount) ?? "0") <= 0) issues.push({ field: "laborAmount", messageKey: "claim.amountZero" });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Parts and stock

function productTitle(product: RecordData | null): string {
  return product ? `${text(product.model)} ${text(product.name)}`.trim() : "";
}

function computePartUsage(ctx: ComputeContext): Values {
  const partId = idOf(ctx.record.part);
  const part = partId ? ctx.records.get(OBJ.product, partId) : null;
  const out: Values = {};
  if (part) out.item = `${productTitle(part)} × ${int(ctx.record.quantity) ?? 0}`;
  if (ctx.operation === "create") out.usedAt = ctx.now;
  return out;
}

function checkPartUsage(ctx: ValidateContext): ValidationIssue[] {
  if (ctx.operation === "update") return changed(ctx, ["part", "quantity", "ticket"]).length > 0 ? [{ messageKey: "partUsage.fixed" }] : [];
  const issues: ValidationIssue[] = [];
  const partId = idOf(ctx.record.part);
  const ticketId = idOf(ctx.record.ticket);
  const part = partId ? ctx.records.get(OBJ.product, partId) : null;
  const ticket = ticketId ? ctx.records.get(OBJ.serviceTicket, ticketId) : null;
  const stock = partId ? (ctx.records.query(OBJ.dealerStock, { product: partId }, 1)[0] ?? null) : null;
  const quantity = int(ctx.record.quantity) ?? 0;
  if (part && part.kind === "machine") issues.push({ field: "part", messageKey: "partUsage.notAPart", params: { model: text(part.model) } });
  if (ticket && stageOf(ticket, TICKET_STATUS, "new") === "closed") issues.push({ field: "ticket", messageKey: "partUsage.ticketClosed" });
  const onHand = stock ? (int(stock.quantityOnHand) ?? 0) : 0;
  if (part && onHand < quantity) issues.push({ field: "quantity", messageKey: "partUsage.insufficientStock", params: { model: text(part.model), onHand, quantity } });
  return issues;
}

/** Event: parts used on a ticket leave the dealer's stock; below the reorder level, the managers are told. */
function consumeStock(ctx: EventContext): Intent[] {
  const usageId = idOf(ctx.event.payload.recordId);
  const usage = usageId ? ctx.records.get(OBJ.partUsage, usageId) : null;
  const partId = usage ? idOf(usage.part) : null;
  const stock = partId ? (ctx.records.query(OBJ.dealerStock, { product: partId }, 1)[0] ?? null) : null;
  if (!usage || !stock) return [];
  const onHand = Math.max(0, (int(stock.quantityOnHand) ?? 0) - (int(usage.quantity) ?? 0));
  const intents: Intent[] = [{ type: "patch", object: OBJ.dealerStock, id: stock.id, set: { quantityOnHand: onHand, lastMovementAt: ctx.now } }];
  const reorder = int(stock.reorderLevel);
  if (reorder !== null && onHand <= reorder) {
    intents.push({ type: "notify", roles: ["manager", "admin"], titleKey: "notify.stockLow.title", bodyKey: "notify.stockLow.body", params: { item: text(stock.item), onHand, reorder }, link: { object: OBJ.dealerStock, id: stock.id } });
  }
  return intents;
}

function computeDealerStock(ctx: ComputeContext): Values {
  const productId = idOf(ctx.record.product);
  const product = productId ? ctx.records.get(OBJ.product, productId) : null;
  const out: Values = {};
  if (product) out.item = productTitle(product);
  if (ctx.operation === "create" || changed(ctx, ["quantityOnHand"]).length > 0) out.lastMovementAt = ctx.now;
  return out;
}

function checkDealerStock(ctx: ValidateContext): ValidationIssue[] {
  if (ctx.operation === "update") return changed(ctx, ["product"]).length > 0 ? [{ field: "product", messageKey: "stock.productFixed" }] : [];
  const productId = idOf(ctx.record.product);
  const existing = productId ? (ctx.records.query(OBJ.dealerStock, { product: productId }, 1)[0] ?? null) : null;
  return existing ? [{ field: "product", messageKey: "stock.duplicate", params: { item: text(existing.item) } }] : [];
}

/** Event: a stock receipt adds to the product's stock (its first receipt creates the stock record). */
function receiveStock(ctx: EventContext): Intent[] {
  const receiptId = idOf(ctx.event.payload.recordId);
  const receipt = receiptId ? ctx.records.get(OBJ.stockReceipt, receiptId) : null;
  const productId = receipt ? idOf(receipt.product) : null;
  const stock = productId ? (ctx.records.query(OBJ.dealerStock, { product: productId }, 1)[0] ?? null) : null;
  const product = productId ? ctx.records.get(OBJ.product, productId) : null;
  const quantity = receipt ? (int(receipt.quantity) ?? 0) : 0;
  if (!receipt || !productId || quantity <= 0) return [];
  if (stock) return [{ type: "patch", object: OBJ.dealerStock, id: stock.id, set: { quantityOnHand: (int(stock.quantityOnHand) ?? 0) + quantity, lastMovementAt: ctx.now } }];
  if (!product) return [];
  return [{ type: "createRecord", object: OBJ.dealerStock, values: { product: productId, item: productTitle(product), quantityOnHand: quantity, reorderLevel: null, location: null, lastMovementAt: ctx.now } }];
}

// ---------------------------------------------------------------------------------------------
// Reports

function inPeriod(date: unknown, from: string, to: string): boolean {
  return isDate(date) && date >= from && date <= to;
}

/** Per product: on hand, received, sold (ordered quotes' lines), used in service, sales and sell-through for the period. */
function stockSellThroughReport(ctx: ReportContext): ReportOutput {
  const to = isDate(ctx.params.to) ? ctx.params.to : today(ctx.now);
  const from = isDate(ctx.params.from) ? ctx.params.from : addDays(to, -89);
  const lineFilter = idOf(ctx.params.productLine);
  const products = all(ctx.records, OBJ.product, {}, 3);
  const lines = all(ctx.records, OBJ.productLine, {}, 1);
  const stock = all(ctx.records, OBJ.dealerStock, {}, 3);
  const receipts = all(ctx.records, OBJ.stockReceipt, {}, 3);
  const usages = all(ctx.records, OBJ.partUsage, {}, 3);
  const ordered = all(ctx.records, OBJ.quote, { [QUOTE_STATUS]: "ordered" }, 3).filter((q) => typeof q.orderedAt === "string" && inPeriod(chinaDate(q.orderedAt), from, to));
  const orderedIds = new Set(ordered.map((q) => q.id));
  const quoteLines = all(ctx.records, OBJ.quoteLine, {}, 5).filter((l) => orderedIds.has(String(l.quote)));

  type Row = { onHand: number; reorder: number | null; received: number; sold: number; used: number; sales: decimal.Decimal; stocked: boolean };
  const rows = new Map<string, Row>();
  const row = (productId: string): Row => {
    let r = rows.get(productId);
    if (!r) rows.set(productId, (r = { onHand: 0, reorder: null, received: 0, sold: 0, used: 0, sales: decimal.from("0"), stocked: false }));
    return r;
  };
  for (const s of stock) {
    const r = row(String(s.product));
    r.onHand += int(s.quantityOnHand) ?? 0;
    r.reorder = int(s.reorderLevel);
    r.stocked = true;
  }
  for (const receipt of receipts) if (inPeriod(receipt.receivedOn, from, to)) row(String(receipt.product)).received += int(receipt.quantity) ?? 0;
  for (const usage of usages) if (typeof usage.usedAt === "string" && inPeriod(chinaDate(usage.usedAt), from, to)) row(String(usage.part)).used += int(usage.quantity) ?? 0;
  for (const line of quoteLines) {
    const r = row(String(line.product));
    r.sold += int(line.quantity) ?? 0;
    r.sales = decimal.add(r.sales, dec(line.amount) ?? "0");
  }

  const productById = new Map(products.map((p) => [p.id, p]));
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const out: ReportOutput["rows"] = [];
  const totals = { onHand: 0, received: 0, sold: 0, used: 0, sales: decimal.from("0") };
  for (const [productId, r] of rows) {
    const product = productById.get(productId);
    if (!product) continue;
    if (lineFilter && product.productLine !== lineFilter) continue;
    if (!r.stocked && r.received === 0 && r.sold === 0 && r.used === 0) continue;
    const moved = r.sold + r.used;
    const base = moved + r.onHand;
    out.push({
      product: productId,
      name: text(product.name),
      productLine: text(lineById.get(String(product.productLine))?.name),
      onHand: r.onHand,
      reorderLevel: r.reorder,
      belowReorder: r.reorder !== null && r.onHand <= r.reorder,
      received: r.received,
      sold: r.sold,
      used: r.used,
      soldAmount: money(r.sales),
      sellThrough: base > 0 ? decimal.toString(decimal.divide(moved, base, 4)) : null,
    });
    totals.onHand += r.onHand;
    totals.received += r.received;
    totals.sold += r.sold;
    totals.used += r.used;
    totals.sales = decimal.add(totals.sales, r.sales);
  }
  out.sort((a, b) => String(productById.get(String(a.product))?.model).localeCompare(String(productById.get(String(b.product))?.model)));
  const moved = totals.sold + totals.used;
  return {
    rows: out.slice(0, 2000),
    totals: { onHand: totals.onHand, received: totals.received, sold: totals.sold, used: totals.used, soldAmount: money(totals.sales), sellThrough: moved + totals.onHand > 0 ? decimal.toString(decimal.divide(moved, moved + totals.onHand, 4)) : null },
    notes: [{ messageKey: "report.period", params: { from, to } }],
  };
}

/** Open tickets by SLA due time, overdue first, with how many are overdue or due within four hours. */
function openTicketsReport(ctx: ReportContext): ReportOutput {
  const now = Date.parse(ctx.now);
  const open = OPEN_TICKET_STAGES.flatMap((stage) => all(ctx.records, OBJ.serviceTicket, { [TICKET_STATUS]: stage }, 3));
  const rows = open
    .filter((t) => typeof t.dueAt === "string")
    .map((t) => {
      const left = Date.parse(String(t.dueAt)) - now;
      return {
        ticket: t.id,
        equipment: idOf(t.equipment),
        dueAt: String(t.dueAt),
        hoursLeft: decimal.toString(decimal.divide(String(left), String(HOUR_MS), 1), 1),
        overdue: left < 0,
        escalated: typeof t.escalatedAt === "string",
        priority: text(t.priority) || null,
        stage: stageOf(t, TICKET_STATUS, "new"),
        technician: text(t.technician) || null,
      };
    })
    .filter((r) => ctx.params.overdueOnly !== true || r.overdue)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const overdue = rows.filter((r) => r.overdue).length;
  const dueSoon = rows.filter((r) => !r.overdue && Date.parse(r.dueAt) - now <= 4 * HOUR_MS).length;
  return { rows: rows.slice(0, 2000), notes: [{ messageKey: "report.openTickets.summary", params: { open: rows.length, overdue, dueSoon } }] };
}

// ---------------------------------------------------------------------------------------------
// Commission

function tieredRebate(ctx: CommissionContext): CommissionLineOutput[] {
  return tieredRebateLines(ctx);
}

definePlugin({
  hooks: {
    checkProductLine,
    checkProduct,
    computeProductOption,
    checkProductOption,
    checkPriceList,
    checkPriceBreak,
    checkCreditAccount,
    priceQuoteLine,
    checkQuoteLine,
    computeQuote,
    checkQuote,
    refreshQuoteTotals,
    onQuoteStageChanged,
    linkOrderToQuote,
    checkOrderCredit,
    computeEquipment,
    checkEquipment,
    refreshWarranty,
    computeTicket,
    checkTicket,
    escalateOverdueTickets,
    computeWarrantyClaim,
    checkWarrantyClaim,
    computePartUsage,
    checkPartUsage,
    consumeStock,
    computeDealerStock,
    checkDealerStock,
    receiveStock,
    stockSellThroughReport,
    openTicketsReport,
    tieredRebate,
  },
});
