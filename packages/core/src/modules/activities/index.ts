export { logActivity, getActivity, updateActivity, listActivities } from "./activities.service.ts";
export * from "./activities.schemas.ts";
export { followUpClockAfter, isInFuture, leadStatusAfterActivity } from "./activities.rules.ts";
