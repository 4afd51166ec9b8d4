import { z } from "zod";

/**
 * What a `report` hook returns, checked in the sandbox host before the host shows it: the shape only
 * (rows of JSON scalars, at most MAX_REPORT_ROWS). Which keys are columns, how a value renders for its
 * column type and whether a linked id is readable is the host's to judge with the manifest at hand.
 */

/** Rows one report call may return. */
export const MAX_REPORT_ROWS = 2000;
/** Keys one row (or the totals) may have. */
export const MAX_REPORT_ROW_KEYS = 40;
/** Notes under a report. */
export const MAX_REPORT_NOTES = 10;

/** A cell: money and decimals as decimal strings, dates as ISO text, never an object or a list. */
export const ZReportValue = z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()]);

const ZReportRow = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,79}$/), ZReportValue).refine((row) => Object.keys(row).length <= MAX_REPORT_ROW_KEYS, {
  message: "too_many_keys",
});

export const ZReportOutput = z.strictObject({
  rows: z.array(ZReportRow).max(MAX_REPORT_ROWS),
  totals: ZReportRow.optional(),
  notes: z
    .array(
      z.strictObject({
        messageKey: z.string().regex(/^[a-zA-Z0-9_.-]{1,120}$/),
        params: z.record(z.string().max(80), z.union([z.string().max(500), z.number().finite()])).default({}),
      }),
    )
    .max(MAX_REPORT_NOTES)
    .default([]),
});
export type TReportOutput = z.infer<typeof ZReportOutput>;
