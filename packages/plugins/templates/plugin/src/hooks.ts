import { definePlugin, type EventContext, type Intent, type ValidateContext, type ValidationIssue } from "@qudao/plugins/sdk";

/**
 * Hooks run in Qudao's sandbox: synchronous, no network, no timers, no clock (use ctx.now).
 * They never write anything themselves — they return issues (validate) or intents (event) and the
 * host applies them within the permissions the installer granted (see manifest.json).
 */

const VISIT_NOTE = "acme_sample__visitNote";
const DEFAULT_MIN_NOTE_LENGTH = 20;
const DEFAULT_FOLLOW_UP_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

function minNoteLength(settings: Record<string, unknown>): number {
  const value = settings.minNoteLength;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : DEFAULT_MIN_NOTE_LENGTH;
}

definePlugin({
  hooks: {
    /** Refuses a visit note too short to be useful. Declared fail-closed: if this hook fails, the save is blocked. */
    checkNoteLength(ctx: ValidateContext): ValidationIssue[] {
      const min = minNoteLength(ctx.settings);
      const note = typeof ctx.record.note === "string" ? ctx.record.note.trim() : "";
      if (note.length >= min) return [];
      return [{ field: "note", messageKey: "visitNote.noteTooShort", params: { min, length: note.length } }];
    },

    /** After a visit note is created, turns its "next step" into a task due a few days later. */
    followUpAfterVisit(ctx: EventContext): Intent[] {
      const id = ctx.event.payload.recordId;
      if (typeof id !== "string") return [];
      const note = ctx.records.get(VISIT_NOTE, id);
      const nextStep = typeof note?.nextStep === "string" ? note.nextStep.trim() : "";
      if (!note || nextStep === "") return [];
      const days = typeof note.followUpInDays === "number" ? note.followUpInDays : DEFAULT_FOLLOW_UP_DAYS;
      return [
        {
          type: "createTask",
          title: nextStep,
          note: typeof note.subject === "string" ? note.subject : undefined,
          dueAt: new Date(Date.parse(ctx.now) + days * DAY_MS).toISOString(),
          related: { object: VISIT_NOTE, id },
        },
      ];
    },
  },
});
