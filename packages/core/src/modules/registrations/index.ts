export { registerCustomer, getRegistration, listRegistrations, decideRegistrationReview, requestExtension, decideExtension } from "./registrations.service.ts";
export * from "./registrations.schemas.ts";
