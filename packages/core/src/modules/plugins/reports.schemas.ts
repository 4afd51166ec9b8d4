/** Plugin reports and home widgets (issue 7): API shapes (isomorphic). */
import { z } from "zod";
import { REPORT_COLUMN_TYPES } from "@qudao/plugins/manifest";
import { ZLocalized } from "./plugins.schemas.ts";

/** A report's name as manifests write it (`<namespace>__name`). */
export const ZReportName = z.string().regex(/^[a-z][a-z0-9_]*__[a-z][a-zA-Z0-9]{0,47}$/).max(120);

export const ZReportCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ZReportColumnView = z.object({
  key: z.string(),
  label: ZLocalized,
  type: z.enum(REPORT_COLUMN_TYPES),
  /** The object whose record ids the cells hold (shown as links with the records' titles); null for plain values. */
  link: z.string().nullable(),
  /** For a text column holding enumerated values: each value's label (shown instead of the value); null otherwise. */
  options: z.array(z.object({ value: z.string(), label: ZLocalized })).nullable(),
});
export type TReportColumnView = z.infer<typeof ZReportColumnView>;

/** A report the caller may run, as its page and its filter form need it. */
export const ZReportDefinition = z.object({
  name: z.string(),
  pluginId: z.string(),
  pluginName: ZLocalized,
  label: ZLocalized,
  description: ZLocalized.nullable(),
  /** The filter form: field definitions (name, type, label, required, options, reference, min, max…). */
  params: z.array(z.record(z.string(), z.unknown())),
  columns: z.array(ZReportColumnView),
});
export type TReportDefinition = z.infer<typeof ZReportDefinition>;

export const ZReportRunInput = z.object({
  report: ZReportName,
  /** Values of the report's params, as for record fields (ISO dates, decimal strings, option values, record ids). */
  params: z.record(z.string(), z.unknown()).default({}),
});
export type TReportRunInput = z.infer<typeof ZReportRunInput>;

export const ZReportResult = z.object({
  report: ZReportDefinition,
  /** The params the hook ran with, normalised (blank ones null). */
  params: z.record(z.string(), z.unknown()),
  /** Every column's key in every row (null where the hook gave nothing); money and decimals as decimal strings, percentages as ratios. */
  rows: z.array(z.record(z.string(), ZReportCell)),
  totals: z.record(z.string(), ZReportCell).nullable(),
  /** The plugin's notes under the table, in every language. */
  notes: z.array(z.object({ messageKey: z.string(), text: ZLocalized })),
  /** Titles of the linked records the caller may see, by id (an id missing here is not visible). */
  titles: z.record(z.string(), z.string()),
  ranAt: z.string(),
});
export type TReportResult = z.infer<typeof ZReportResult>;

/** A home widget: the first rows of a report on the home page of the caller's app. */
export const ZHomeWidgetView = z.object({
  name: z.string(),
  title: ZLocalized,
  report: ZReportDefinition,
  maxRows: z.number().int(),
  rows: z.array(z.record(z.string(), ZReportCell)),
  totals: z.record(z.string(), ZReportCell).nullable(),
  titles: z.record(z.string(), z.string()),
  /** Whether the report has more rows than the widget shows. */
  more: z.boolean(),
  /** Why the widget shows no rows (translated): the report needs filters, or it could not be computed. */
  error: z.string().nullable(),
});
export type THomeWidgetView = z.infer<typeof ZHomeWidgetView>;
