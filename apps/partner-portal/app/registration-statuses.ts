import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@qudao/core/trpc";

export type Registration = inferRouterOutputs<AppRouter>["registrations"]["get"];
export type RegistrationStatus = Registration["status"];

/**
 * The statuses a registration can have, in the order a partner meets them. Core does not export the
 * list to browser code yet (only the type, checked here), so the filter keeps its own copy.
 */
export const REGISTRATION_STATUSES = ["accepted", "pending", "rejected", "expired", "released"] as const satisfies readonly RegistrationStatus[];

// A status added in core without being added above fails to compile here.
type Missing = Exclude<RegistrationStatus, (typeof REGISTRATION_STATUSES)[number]>;
const exhaustive: [Missing] extends [never] ? true : Missing = true;
void exhaustive;

export function isRegistrationStatus(value: string | null): value is RegistrationStatus {
  return value !== null && (REGISTRATION_STATUSES as readonly string[]).includes(value);
}
