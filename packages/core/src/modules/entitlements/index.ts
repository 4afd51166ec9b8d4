/** Customer entitlements (客户权益): the module's public entry. */
export * from "./entitlements.schemas.ts";
export { DEFAULT_ENTITLEMENT_POLICY, checkEntitlementLimit, transition as entitlementTransition, entitlementSteps } from "./entitlements.rules.ts";
export {
  requestEntitlement,
  approveEntitlement,
  rejectEntitlement,
  issueEntitlement,
  cancelEntitlement,
  listEntitlements,
  getEntitlement,
  customerEntitlementSteps,
} from "./entitlements.service.ts";
export {
  ENTITLEMENT_POLICY_KEY,
  readEntitlementPolicy,
  forgetCachedEntitlementPolicy,
  getEntitlementPolicy,
  updateEntitlementPolicy,
  offeredEntitlementTypes,
} from "./entitlement-policy.service.ts";
