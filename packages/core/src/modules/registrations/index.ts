export { registerCustomer, getRegistration, listRegistrations, decideRegistrationReview, requestExtension, decideExtension, getRegistrationConflict } from "./registrations.service.ts";
export * from "./registrations.schemas.ts";
