/** zod issues as one VALIDATION_FAILED error whose details are i18n keys per field path. */
import type { core, ZodError } from "zod";
import { DomainError, type ErrorDetail } from "./domain-error.ts";

function detailFromIssue(issue: core.$ZodIssue): ErrorDetail {
  const path = issue.path.map(String).join(".");
  const params: Record<string, unknown> = {};
  if (issue.code === "too_big") params.max = issue.maximum;
  if (issue.code === "too_small") params.min = issue.minimum;
  let key = issue.message;
  // Our schemas' messages are i18n keys ("errors.field.phone", "identity.usccFormat"); zod's own are sentences.
  if (!/^[a-z]\w*(\.\w+)+$/.test(key)) {
    // zod's own English text: pick our key from the issue kind instead.
    if (issue.code === "invalid_type") key = issue.input === undefined ? "errors.field.required" : "errors.field.invalid";
    else if (issue.code === "too_big") key = "errors.field.tooLong";
    else if (issue.code === "too_small") key = issue.input === "" || issue.minimum === 1 ? "errors.field.required" : "errors.field.tooShort";
    else if (issue.code === "invalid_value") key = "errors.field.invalidOption";
    else if (issue.code === "unrecognized_keys") key = "errors.field.unknownField";
    else key = "errors.field.invalid";
  }
  return { path: path || "(body)", message: key, params };
}

export function validationError(error: ZodError): DomainError {
  return new DomainError("VALIDATION_FAILED", { details: error.issues.map(detailFromIssue), cause: error });
}
