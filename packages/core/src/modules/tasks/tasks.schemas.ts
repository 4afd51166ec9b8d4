import { z } from "zod";
import { flag, optionalText, queryFlag, requiredText, ZId, ZInstantText, ZListInput } from "../shared.schemas.ts";

export const TASK_STATUSES = ["open", "done", "cancelled"] as const;
export const ZTaskStatus = z.enum(TASK_STATUSES, { message: "errors.field.invalidOption" });
export type TTaskStatus = z.infer<typeof ZTaskStatus>;

/**
 * A task someone writes. The assignee defaults to the author; managers and admins may give it to a
 * teammate. It may point at a lead, customer or opportunity the author can see.
 */
export const ZTaskCreateInput = z.object({
  title: requiredText(200),
  notes: optionalText(4000),
  remindAt: ZInstantText.nullish(),
  dueAt: ZInstantText.nullish(),
  assigneeId: ZId.nullish(),
  leadId: ZId.nullish(),
  customerId: ZId.nullish(),
  opportunityId: ZId.nullish(),
});
export type TTaskCreateInput = z.input<typeof ZTaskCreateInput>;

/** Edit, reassign, complete / cancel / reopen (status). Absent = unchanged, null = cleared. */
export const ZTaskUpdateInput = z.object({
  title: requiredText(200).optional(),
  notes: optionalText(4000).optional(),
  remindAt: ZInstantText.nullish(),
  dueAt: ZInstantText.nullish(),
  assigneeId: ZId.optional(),
  status: ZTaskStatus.optional(),
  leadId: ZId.nullish(),
  customerId: ZId.nullish(),
  opportunityId: ZId.nullish(),
});
export type TTaskUpdateInput = z.input<typeof ZTaskUpdateInput>;

const ZTaskListFields = ZListInput.extend({
  status: ZTaskStatus.optional(),
  assigneeId: ZId.optional(),
  leadId: ZId.optional(),
  customerId: ZId.optional(),
  opportunityId: ZId.optional(),
});
/** Services parse this (booleans or "true"/"false"); the router declares ZTaskListInput (query strings). */
export const ZTaskListQuery = ZTaskListFields.extend({ includeDone: flag });
export const ZTaskListInput = ZTaskListFields.extend({ includeDone: queryFlag });
export type TTaskListInput = z.input<typeof ZTaskListQuery>;

export const ZTask = z.object({
  id: z.string(),
  partnerId: z.string(),
  /** System tasks: an i18n key (+ params); written tasks: `title`. Exactly one is set. */
  titleKey: z.string().nullable(),
  title: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  /** The title in the caller's language (a system task's key translated, or the written title). */
  displayTitle: z.string(),
  notes: z.string().nullable(),
  link: z.string().nullable(),
  dueAt: z.date().nullable(),
  remindAt: z.date().nullable(),
  remindedAt: z.date().nullable(),
  status: ZTaskStatus,
  completedAt: z.date().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  leadId: z.string().nullable(),
  customerId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  createdById: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TTask = z.infer<typeof ZTask>;

export const ZMyDay = z.object({
  /** The time zone whose calendar days "today" and "upcoming" follow. */
  timeZone: z.string(),
  overdue: z.array(ZTask),
  today: z.array(ZTask),
  upcoming: z.array(ZTask),
  undated: z.array(ZTask),
});
export type TMyDay = z.infer<typeof ZMyDay>;
