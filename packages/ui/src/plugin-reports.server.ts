/**
 * Loader side of plugin reports (issue 7, `contributes.reports` / `homeWidgets`) in both apps: the
 * report page's filter form (the report's params as a plugin form), its run from the page's query
 * string (`/r/<report>?<param>=…`, so a report is a link one can share and reload), the CSV download
 * of the same query, and the home widgets. Core checks every value and runs the hook; nothing here
 * decides validity.
 */
import { formFeedback, notFound, reportCsv, type Actor, type createCaller, type ReportFile } from "@qudao/core/server";
import type { Locale } from "@qudao/core/i18n";
import type { PluginField, PluginFormValues, PluginObject } from "./plugin-records.tsx";
import { pluginFormSubmission, pluginReferenceOptions } from "./plugin-records.server.ts";
import type { PluginReportDefinition, PluginReportResult, PluginWidget } from "./plugin-reports.tsx";
import { withPluginTexts } from "./plugin-texts.server.ts";

type Caller = ReturnType<typeof createCaller>;

/** The query parameter that asks for a run even when a required filter is blank (so the form answers with its errors). */
export const REPORT_RUN_PARAM = "run";

/** The report's params as a form definition (for `PluginRecordForm`). */
export function reportParamsForm(report: PluginReportDefinition): PluginObject {
  const fields = report.params as unknown as PluginField[];
  return {
    name: report.name,
    label: report.label,
    labelPlural: report.label,
    titleField: fields[0]?.name ?? "",
    fields,
    views: { list: { columns: [] }, detail: { sections: [] }, form: { fields: fields.map((f) => f.name) } },
  };
}

/** The page's query string as a submitted form (the same parsing the record forms use). */
function searchAsForm(search: URLSearchParams): FormData {
  const form = new FormData();
  for (const [key, value] of search) form.append(key, value);
  return form;
}

/** Where a submitted filter form goes: the report's page with the filters in its query string. */
export function reportSearchFromForm(report: string, form: FormData): string {
  const search = new URLSearchParams();
  for (const [key, value] of form) if (typeof value === "string" && value !== "" && key !== REPORT_RUN_PARAM) search.append(key, value);
  search.set(REPORT_RUN_PARAM, "1");
  return `/r/${encodeURIComponent(report)}?${search.toString()}`;
}

/** Field errors as the filter form names its controls (core answers under `params.<name>`). */
function paramErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) out[path.startsWith("params.") ? path.slice("params.".length) : path] ??= message;
  return out;
}

export type PluginReportPage = {
  report: PluginReportDefinition;
  form: PluginObject;
  values: PluginFormValues;
  options: Record<string, Array<{ id: string; title: string }>>;
  /** The run's result; null when the report was not run (a required filter is blank) or failed. */
  result: PluginReportResult | null;
  /** Why the run failed: the translated message and each filter's message. */
  error: { message: string; fields: Record<string, string> } | null;
  /** A required filter is blank: the page asks for the filters instead of running. */
  needsParams: boolean;
  /** The CSV download of exactly this run (null when there is nothing to download). */
  csvHref: string | null;
};

/** A report the caller may run, or core's 404 (not installed here, or not for this role). */
async function definitionOf(caller: Caller, name: string): Promise<PluginReportDefinition> {
  const reports = await caller.pluginReports.list();
  const found = reports.find((r) => r.name === name);
  // The same answer core gives for a report the caller may not run.
  if (!found) throw notFound("PluginReport");
  return found as PluginReportDefinition;
}

/**
 * The report page: its definition, the filters from the query string, and the run when every required
 * filter is given (or the user pressed "run": blank required filters then show their errors).
 */
export async function pluginReportPage(caller: Caller, name: string, search: URLSearchParams, locale: Locale): Promise<PluginReportPage> {
  const report = await definitionOf(caller, name);
  const form = reportParamsForm(report);
  const submitted = pluginFormSubmission(searchAsForm(search), form);
  const blankRequired = (report.params as unknown as PluginField[]).some((p) => p.required && isBlank(submitted.values[p.name]));
  const wantsRun = search.get(REPORT_RUN_PARAM) === "1" || !blankRequired;
  const options = await pluginReferenceOptions(caller, form, submitted.values);
  const page: PluginReportPage = { report, form, values: submitted.typed, options, result: null, error: null, needsParams: !wantsRun, csvHref: null };
  if (wantsRun) {
    try {
      page.result = (await caller.pluginReports.run({ report: name, params: submitted.values })) as PluginReportResult;
      const query = new URLSearchParams(search);
      query.delete(REPORT_RUN_PARAM);
      const queryText = query.toString();
      page.csvHref = `/r/${encodeURIComponent(name)}/csv${queryText ? `?${queryText}` : ""}`;
    } catch (error) {
      const { body, status } = formFeedback(error, locale);
      if (status === 404 || status === 401 || status === 403) throw error;
      page.error = { message: body.error.message, fields: paramErrors(body.error.fields) };
    }
  }
  return withPluginTexts(page, locale);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** The CSV of the report run with the query string's filters (the page's "Download CSV"). */
export async function pluginReportCsv(caller: Caller, actor: Actor, name: string, search: URLSearchParams, locale: Locale, timeZone: string): Promise<ReportFile> {
  const report = await definitionOf(caller, name);
  const { values } = pluginFormSubmission(searchAsForm(search), reportParamsForm(report));
  return reportCsv(actor, { report: name, params: values }, locale, timeZone);
}

/**
 * The home widgets of the caller's app, texts ready for the reader. A broken plugin never takes the
 * home page down: its widgets say why (core), and anything worse leaves the widgets out, logged.
 */
export async function pluginHomeWidgets(caller: Caller, locale: Locale): Promise<PluginWidget[]> {
  try {
    return withPluginTexts((await caller.pluginReports.widgets()) as PluginWidget[], locale);
  } catch (error) {
    console.error(error);
    return [];
  }
}
