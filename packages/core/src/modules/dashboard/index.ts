export { getDashboard } from "./dashboard.service.ts";
export * from "./dashboard.schemas.ts";
