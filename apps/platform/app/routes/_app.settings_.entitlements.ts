import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { ENTITLEMENT_TYPES } from "@qudao/core/schemas";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { ENTITLEMENT_LIMIT_FIELDS, type EntitlementPolicyValues } from "~/components/entitlement-policy-card";
import { formText } from "~/components/public-error.server";

/** Saves the benefit catalogue and its limits (posted by the settings page's card; no page of its own). */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values: EntitlementPolicyValues = Object.fromEntries(
    ENTITLEMENT_TYPES.map((code) => [
      code,
      {
        offered: form.get(`${code}.offered`) === "1",
        maxValue: formText(form, `${code}.maxValue`),
        maxCountPerPeriod: formText(form, `${code}.maxCountPerPeriod`),
        maxTotalValuePerPeriod: formText(form, `${code}.maxTotalValuePerPeriod`),
      },
    ]),
  );
  const offered = ENTITLEMENT_TYPES.filter((code) => values[code]!.offered);
  try {
    await caller.entitlements.updatePolicy({
      types: offered.map((code) => ({
        code,
        maxValue: values[code]!.maxValue,
        // A blank count is sent as NaN, which core refuses under its field (never a silent default).
        maxCountPerPeriod: values[code]!.maxCountPerPeriod === "" ? Number.NaN : values[code]!.maxCountPerPeriod,
        maxTotalValuePerPeriod: values[code]!.maxTotalValuePerPeriod,
      })),
    });
    return json({ ok: true as const });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    // Core names a problem by its place in the list it got ("types.1.maxValue"); the form by the type's row.
    const fields: Record<string, string> = {};
    for (const [path, message] of Object.entries(body.error.fields)) {
      const match = /^types\.(\d+)\.(\w+)$/.exec(path);
      const code = match ? offered[Number(match[1])] : undefined;
      const field = ENTITLEMENT_LIMIT_FIELDS.find((f) => f === match?.[2]);
      fields[code && field ? `${code}.${field}` : path] = message;
    }
    return json({ ok: false as const, error: { ...body.error, fields }, values }, { status });
  }
}
