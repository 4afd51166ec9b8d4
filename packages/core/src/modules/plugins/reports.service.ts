/**
 * Reports and home widgets contributed by plugins (issue 7, `contributes.reports` / `homeWidgets`).
 *
 * A report is computed on demand by the plugin's `report` hook in the sandbox of the caller's tenant —
 * a partner user's partner, or the platform for staff — reading records like an event hook does
 * (the install's permissions, the tenant's scope). The host checks the params against the report's
 * field definitions before the call (translated field errors) and every cell of the answer against
 * the declared columns after it; a failed or malformed answer is the plugin's error (recorded, counted
 * by the circuit breaker) and the user gets one translated message naming the plugin. Nothing is
 * stored: the report is a read.
 */
import { Converter } from "opencc-js/cn2t";
import type { TLocalizedText, TPluginManifest, TReportContribution } from "@qudao/plugins/manifest";
import type { TReportOutput } from "@qudao/plugins/runtime";
import { requirePermission, type Actor, type UserActor } from "../../actor/index.ts";
import { db, runAsActor } from "../../db/index.ts";
import { DomainError, isDomainError, notFound } from "../../errors/index.ts";
import { hasMessage, pluginMessageKey, SUPPORTED_LOCALES, translator, type Locale } from "../../i18n/index.ts";
import { csvLine, formatDateTime, UTF8_BOM, contentDisposition } from "../exports/spreadsheet.rules.ts";
import { checkValues } from "./custom-values.rules.ts";
import { readerFor, tenantReader } from "./hook-reader.ts";
import { installsForActor, type InstalledPlugin } from "./installed-plugins.ts";
import { accountCall, sandboxFor } from "./plugin-host.ts";
import { isPluginIntegrityError } from "./plugin-loader.ts";
import { checkReportOutput, mayRunReport, moneyText, percentPoints, type ReportRow } from "./reports.rules.ts";
import type { THomeWidgetView, TReportDefinition, TReportResult, TReportRunInput } from "./reports.schemas.ts";

type Surface = "platform" | "portal";
type HomeWidgetDeclaration = TPluginManifest["contributes"]["homeWidgets"][number];

/** A report the actor may run, with the install whose sandbox computes it. */
type AvailableReport = { install: InstalledPlugin; report: TReportContribution };

let toTraditional: ((text: string) => string) | undefined;

/** A manifest text with zh-TW (converted from zh-CN when the plugin left it out), as the apps show it. */
function inEveryLocale(text: TLocalizedText): Record<string, string> {
  toTraditional ??= Converter({ from: "cn", to: "tw" });
  return { "zh-CN": text["zh-CN"], "zh-TW": text["zh-TW"] ?? toTraditional(text["zh-CN"]), en: text.en };
}

function reportActor(actor: Actor): UserActor {
  requirePermission(actor, "customObject:read");
  if (actor.kind !== "platform" && actor.kind !== "partner") throw new DomainError("FORBIDDEN");
  return actor;
}

/** Staff work in the console, partner users in the portal: the surface is the actor's, never the caller's say. */
function surfaceOf(actor: UserActor): Surface {
  return actor.kind === "platform" ? "platform" : "portal";
}

/** The reports the actor may run, in plugin order (the same installs its navigation comes from). */
async function availableReports(actor: UserActor): Promise<AvailableReport[]> {
  const surface = surfaceOf(actor);
  const role = actor.kind === "partner" ? actor.role : null;
  const out: AvailableReport[] = [];
  const installs = [...(await installsForActor(actor))].sort((a, b) => a.pluginId.localeCompare(b.pluginId));
  for (const install of installs) {
    if (!install.manifest.surfaces.includes(surface)) continue;
    for (const report of install.manifest.contributes.reports) {
      // A report whose hook is not a report hook never runs (the lint refuses such a manifest anyway).
      if (!install.manifest.hooks.some((h) => h.name === report.hook && h.kind === "report")) continue;
      if (mayRunReport(report, { surface, role })) out.push({ install, report });
    }
  }
  return out;
}

async function findReport(actor: UserActor, name: string): Promise<AvailableReport> {
  const found = (await availableReports(actor)).find((r) => r.report.name === name);
  // Another plugin's report, one not installed here, or one the role may not run: all look absent.
  if (!found) throw notFound("PluginReport");
  return found;
}

function definitionOf({ install, report }: AvailableReport): TReportDefinition {
  return {
    name: report.name,
    pluginId: install.pluginId,
    pluginName: inEveryLocale(install.manifest.name),
    label: inEveryLocale(report.label),
    description: report.description ? inEveryLocale(report.description) : null,
    params: report.params.map((p) => ({ ...p, label: inEveryLocale(p.label), ...(p.help ? { help: inEveryLocale(p.help) } : {}), ...(p.options ? { options: p.options.map((o) => ({ ...o, label: inEveryLocale(o.label) })) } : {}) })),
    columns: report.columns.map((c) => ({ key: c.key, label: inEveryLocale(c.label), type: c.type, link: c.link ?? null, options: c.options ? c.options.map((o) => ({ value: o.value, label: inEveryLocale(o.label) })) : null })),
  };
}

/** GET /plugin-reports: the reports the caller may run in its app, with their filters and columns. */
export async function listReports(actor: Actor): Promise<TReportDefinition[]> {
  const user = reportActor(actor);
  return (await availableReports(user)).map(definitionOf);
}

function names(found: AvailableReport) {
  return { plugin: found.install.manifest.name["zh-CN"], pluginEn: found.install.manifest.name.en, report: found.report.label["zh-CN"], reportEn: found.report.label.en };
}

/** Who the hook is told is asking: the user and role (a rep's report can show that rep's own numbers). */
function hookActor(actor: UserActor) {
  return actor.kind === "partner" ? { userId: actor.userId, role: actor.role, partnerId: actor.partnerId } : { userId: actor.userId, role: actor.roles[0] ?? null, partnerId: null };
}

/** Titles of the linked records the actor may see (through its own scope: an id it cannot see gets none). */
async function linkTitles(columns: ReadonlyArray<{ key: string; link?: string | undefined }>, rows: readonly ReportRow[]): Promise<Record<string, string>> {
  const wanted = new Map<string, Set<string>>();
  for (const column of columns) {
    if (!column.link) continue;
    const ids = wanted.get(column.link) ?? new Set<string>();
    for (const row of rows) if (typeof row[column.key] === "string") ids.add(row[column.key] as string);
    if (ids.size > 0) wanted.set(column.link, ids);
  }
  const titles: Record<string, string> = {};
  for (const [object, idSet] of wanted) {
    const ids = [...idSet];
    try {
      for (const { id, title } of await titlesOf(object, ids)) if (title) titles[id] = title;
    } catch (error) {
      // A model this actor's scope refuses outright (e.g. tasks for staff) shows the cells without titles.
      if (!isDomainError(error)) throw error;
    }
  }
  return titles;
}

async function titlesOf(object: string, ids: string[]): Promise<Array<{ id: string; title: string | null }>> {
  const where = { id: { in: ids } };
  switch (object) {
    case "customer":
      return (await db.customer.findMany({ where, select: { id: true, name: true } })).map((r) => ({ id: r.id, title: r.name }));
    case "lead":
      return (await db.lead.findMany({ where, select: { id: true, name: true } })).map((r) => ({ id: r.id, title: r.name }));
    case "opportunity":
      return (await db.opportunity.findMany({ where, select: { id: true, name: true } })).map((r) => ({ id: r.id, title: r.name }));
    case "order":
      return (await db.order.findMany({ where, select: { id: true, externalId: true } })).map((r) => ({ id: r.id, title: r.externalId }));
    case "activity":
      return (await db.activity.findMany({ where, select: { id: true, subject: true } })).map((r) => ({ id: r.id, title: r.subject }));
    case "task":
      return (await db.task.findMany({ where, select: { id: true, title: true } })).map((r) => ({ id: r.id, title: r.title }));
    case "partner":
      return (await db.partner.findMany({ where, select: { id: true, name: true } })).map((r) => ({ id: r.id, title: r.name }));
    default:
      return (await db.customObjectRecord.findMany({ where: { ...where, object }, select: { id: true, title: true } })).map((r) => ({ id: r.id, title: r.title }));
  }
}

function reportFailed(found: AvailableReport, outcome: string): DomainError {
  return new DomainError("RULE_VIOLATION", { i18nKey: "pluginReports.errors.hookFailed", params: { ...names(found), outcome } });
}

function invalidOutput(found: AvailableReport, problem: string): DomainError {
  return new DomainError("RULE_VIOLATION", { i18nKey: "pluginReports.errors.invalidOutput", params: { ...names(found), problem } });
}

type JudgedOutput =
  | { ok: true; rows: ReportRow[]; totals: ReportRow | null; notes: TReportResult["notes"] }
  | { ok: false; problem: "unknown_column" | "cell_type" | "unknown_note"; detail: string };

/** The hook's answer against the report's columns and the plugin's locales (notes translated in every language). */
function judgeOutput(found: AvailableReport, output: TReportOutput): JudgedOutput {
  const checked = checkReportOutput(found.report.columns, output);
  if (!checked.ok) {
    const { place, index, key, problem } = checked.problem;
    const cell = place === "row" ? output.rows[index]?.[key] : output.totals?.[key];
    return { ok: false, problem, detail: `${place === "row" ? `row #${index + 1}` : "totals"} "${key}": ${JSON.stringify(cell ?? null)}` };
  }
  const notes: TReportResult["notes"] = [];
  for (const note of output.notes) {
    const key = pluginMessageKey(found.install.namespace, note.messageKey);
    if (!hasMessage(key)) return { ok: false, problem: "unknown_note", detail: `note "${note.messageKey}" is not in the plugin's locales` };
    notes.push({ messageKey: note.messageKey, text: Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, String(translator(locale)(key, note.params))])) });
  }
  return { ok: true, rows: checked.rows, totals: checked.totals, notes };
}

/** Runs one available report (params already checked); throws the translated failures. */
async function compute(actor: UserActor, found: AvailableReport, params: Record<string, unknown>): Promise<Omit<TReportResult, "report" | "params">> {
  const { install, report } = found;
  const tenant = actor.kind === "partner" ? actor.partnerId : null;
  const hook = report.hook;
  let sandbox;
  try {
    sandbox = await sandboxFor(install, tenant, hook);
  } catch (error) {
    if (!isPluginIntegrityError(error)) throw error;
    await accountCall(install, hook, tenant, { outcome: "integrity", cpuMicros: 0, error: { code: error.code, message: error.message } });
    throw reportFailed(found, "integrity");
  }
  // A partner's report reads that partner's records (and the platform's); staff read every tenant's.
  const scope: Actor = actor.kind === "partner" ? tenantReader(actor.partnerId, actor.userId) : actor;
  const context = {
    pluginId: install.pluginId,
    partnerId: tenant,
    settings: install.settings,
    actor: hookActor(actor),
    now: new Date().toISOString(),
    report: report.name,
    params,
    surface: surfaceOf(actor),
  };
  const result = await sandbox.invoke(hook, "report", context, { reader: readerFor(install, scope, tenant, hook) });
  if (result.outcome !== "ok" || !result.value) {
    await accountCall(install, hook, tenant, result);
    throw reportFailed(found, result.outcome);
  }
  const judged = judgeOutput(found, result.value);
  if (!judged.ok) {
    // A table that does not fit its columns is the plugin's failure like a crash: recorded for the developer, counted by the breaker.
    await accountCall(install, hook, tenant, {
      ...result,
      outcome: "invalid_output",
      value: undefined,
      error: { code: "output_invalid", messageKey: "pluginRuntime.invocation.output_invalid", params: { hook }, message: `${report.name}: report_${judged.problem} ${judged.detail}` },
    });
    throw invalidOutput(found, judged.problem);
  }
  await accountCall(install, hook, tenant, result);
  const titles = await linkTitles(report.columns, judged.totals ? [...judged.rows, judged.totals] : judged.rows);
  return { rows: judged.rows, totals: judged.totals, notes: judged.notes, titles, ranAt: context.now };
}

function checkParams(found: AvailableReport, input: Record<string, unknown>): Record<string, unknown> {
  const checked = checkValues(found.report.params, input, { partial: false, pathPrefix: "params" });
  if (checked.issues.length > 0) {
    throw new DomainError("VALIDATION_FAILED", { i18nKey: "pluginReports.errors.paramsInvalid", details: checked.issues.map((i) => ({ path: i.path, message: i.message, ...(i.params ? { params: i.params } : {}) })) });
  }
  return checked.values;
}

/** POST /plugin-reports/{report}/run: the report for the caller's tenant, every cell checked against its column. */
export async function runReport(actor: Actor, input: TReportRunInput): Promise<TReportResult> {
  const user = reportActor(actor);
  const found = await findReport(user, input.report);
  const params = checkParams(found, input.params ?? {});
  return { report: definitionOf(found), params, ...(await compute(user, found, params)) };
}

/**
 * GET /plugin-widgets: the home widgets of the caller's app — each its report's first `maxRows` rows
 * and totals, run with no params. A widget whose report needs params, or fails, says why in `locale`
 * instead of taking the home page down.
 */
export async function homeWidgets(actor: Actor, locale: Locale): Promise<THomeWidgetView[]> {
  const user = reportActor(actor);
  const surface = surfaceOf(user);
  const available = await availableReports(user);
  const t = translator(locale);
  const out: THomeWidgetView[] = [];
  for (const found of available) {
    const widgets: HomeWidgetDeclaration[] = found.install.manifest.contributes.homeWidgets.filter((w) => w.surface === surface && w.report === found.report.name);
    for (const widget of widgets) {
      const base = { name: widget.name, title: inEveryLocale(widget.title), report: definitionOf(found), maxRows: widget.maxRows };
      try {
        const params = checkParams(found, {});
        const result = await compute(user, found, params);
        const rows = result.rows.slice(0, widget.maxRows);
        out.push({ ...base, rows, totals: result.totals, titles: result.titles, more: result.rows.length > widget.maxRows, error: null });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const message = error.code === "VALIDATION_FAILED" ? t("pluginReports.widget.needsParams") : t("pluginReports.widget.failed", { message: t(error.i18nKey, error.params) });
        out.push({ ...base, rows: [], totals: null, titles: {}, more: false, error: String(message) });
      }
    }
  }
  return out;
}

export type ReportFile = { body: string; contentType: string; disposition: string };

/**
 * The report as a CSV file in the reader's language (what the page shows: formatted money, percent,
 * yes/no, linked records by title, the totals row last). Excel-ready: UTF-8 with BOM, CRLF.
 */
export async function reportCsv(actor: Actor, input: TReportRunInput, locale: Locale, timeZone: string): Promise<ReportFile> {
  // Apps call this from a resource route, outside a procedure: the reads run as the actor, scoped.
  const result = await runAsActor(actor, () => runReport(actor, input));
  const t = translator(locale);
  const text = (localizedText: Record<string, string>) => localizedText[locale] ?? localizedText["zh-CN"] ?? "";
  const cell = (column: TReportResult["report"]["columns"][number], value: unknown): string => {
    if (value === null || value === undefined) return "";
    if (column.link) return result.titles[String(value)] ?? String(value);
    const option = column.options?.find((o) => o.value === value);
    if (option) return text(option.label);
    switch (column.type) {
      case "money":
        return moneyText(String(value));
      case "percent":
        return `${percentPoints(value as string | number)}%`;
      case "boolean":
        return String(t(value === true ? "pluginReports.value.yes" : "pluginReports.value.no"));
      case "datetime":
        return formatDateTime(new Date(String(value)), timeZone);
      default:
        return String(value);
    }
  };
  const columns = result.report.columns;
  let body = UTF8_BOM + csvLine(columns.map((c) => text(c.label)));
  for (const row of result.rows) body += csvLine(columns.map((c) => cell(c, row[c.key])));
  if (result.totals) {
    const totals = result.totals;
    body += csvLine(columns.map((c, index) => (index === 0 && (totals[c.key] === null || totals[c.key] === undefined) ? String(t("pluginReports.page.totals")) : cell(c, totals[c.key]))));
  }
  const title = text(result.report.label);
  const day = formatDateTime(new Date(result.ranAt), timeZone).slice(0, 10);
  return { body, contentType: "text/csv; charset=utf-8", disposition: contentDisposition(`${title}-${day}.csv`, `${result.report.name}-${day}.csv`) };
}
