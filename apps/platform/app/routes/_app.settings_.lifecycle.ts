import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { DomainError } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { LIFECYCLE_FIELDS, type LifecycleField } from "~/components/lifecycle-settings-card";
import { formText } from "~/components/public-error.server";

/** Saves the lifecycle thresholds (posted by the settings page's card; no page of its own). */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = Object.fromEntries(LIFECYCLE_FIELDS.map((field) => [field, formText(form, field)])) as Record<LifecycleField, string>;
  try {
    // A blank is sent as NaN, which core refuses under its field (never a silent default).
    await caller.lifecycle.updateSettings(Object.fromEntries(LIFECYCLE_FIELDS.map((field) => [field, values[field] === "" ? Number.NaN : values[field]])) as Record<LifecycleField, number | string>);
    return json({ ok: true as const });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    // A blank reads "required" (core saw NaN and says "invalid").
    const blank = LIFECYCLE_FIELDS.filter((field) => values[field] === "");
    if (blank.length > 0) {
      const required = actionError(new DomainError("VALIDATION_FAILED", { details: blank.map((path) => ({ path, message: "errors.field.required" })) }), ctx);
      Object.assign(body.error.fields, required.body.error.fields);
    }
    return json({ ok: false as const, ...body, values }, { status });
  }
}
