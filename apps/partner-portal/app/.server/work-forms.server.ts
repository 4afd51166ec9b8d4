/** Form values → core input for the task and conversion forms (wall-clock times in the platform's zone). */
import { instantToLocalDateTime, localDateTimeToInstant } from "@qudao/core/schemas";
import { displayTimeZone } from "~/.server/request.server";

/**
 * A `datetime-local` value as an ISO instant; "" clears it (null). Something unreadable is passed on
 * as typed, so core answers with its translated field error.
 */
export function formInstant(value: string): string | null {
  if (value.trim() === "") return null;
  return localDateTimeToInstant(value, displayTimeZone())?.toISOString() ?? value;
}

/** An instant as the `datetime-local` value that shows it. */
export function formLocal(value: Date | string | null): string {
  return value ? instantToLocalDateTime(new Date(value), displayTimeZone()) : "";
}
