import { expect, invoke, test } from "@qudao/plugins/sdk";

/**
 * These tests run inside the Qudao sandbox (`qudao-plugin test`, and again by the review on upload),
 * against the hooks bundle exactly as it ships, with the production CPU and memory limits.
 * `invoke(hook, context, { records })` fills what a test leaves out from the manifest: the hook's
 * object and operation or first event, the settings' defaults, a fixed `now`.
 */

const VISIT_NOTE = "acme_sample__visitNote";
const NOTE_ID = "8b7a4c1e-5d2f-4a9b-9c3e-1f2a3b4c5d6e";

test("refuses a note shorter than the minimum length, on the note field", () => {
  const issues = invoke("checkNoteLength", { record: { subject: "Intro", note: "Too short" } });
  expect(issues).toEqual([{ field: "note", messageKey: "visitNote.noteTooShort", params: { min: 20, length: 9 } }]);
});

test("accepts a note of the minimum length, ignoring surrounding spaces", () => {
  expect(invoke("checkNoteLength", { record: { note: `  ${"x".repeat(20)}  ` } })).toEqual([]);
});

test("uses the installer's minimum length setting", () => {
  const issues = invoke("checkNoteLength", { settings: { minNoteLength: 5 }, record: { note: "Fine." } });
  expect(issues).toEqual([]);
});

test("creates a follow-up task due after the note's number of days", () => {
  const intents = invoke(
    "followUpAfterVisit",
    { now: "2026-03-02T09:00:00.000Z", event: { payload: { recordId: NOTE_ID } } },
    { records: [{ id: NOTE_ID, object: VISIT_NOTE, subject: "Quarterly review", nextStep: "Send the price list", followUpInDays: 2 }] },
  );
  expect(intents).toEqual([
    {
      type: "createTask",
      title: "Send the price list",
      note: "Quarterly review",
      dueAt: "2026-03-04T09:00:00.000Z",
      related: { object: VISIT_NOTE, id: NOTE_ID },
    },
  ]);
});

test("creates no task when the note has no next step", () => {
  const intents = invoke("followUpAfterVisit", { event: { payload: { recordId: NOTE_ID } } }, { records: [{ id: NOTE_ID, object: VISIT_NOTE, subject: "Call", nextStep: " " }] });
  expect(intents).toEqual([]);
});
