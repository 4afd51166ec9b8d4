/**
 * Server-only entry for the apps and the worker. Nothing from here may reach a browser bundle
 * (apps import it only from `*.server.ts` files).
 */
export { env, parseEnv, usesDemoAdminPassword, EnvError, type Env } from "./env/index.ts";
export { db, baseDb, runAsActor, runAsSystem, disconnectDb } from "./db/index.ts";
export * from "./actor/index.ts";
export { DomainError, isDomainError, notFound, type ErrorCode } from "./errors/index.ts";
export {
  login,
  logout,
  hashPassword,
  authenticateSession,
  authenticateBearer,
  serializeSessionCookie,
  clearSessionCookie,
  sessionCookieName,
  readCookie,
  useSecureCookies,
  type AppName,
} from "./auth/index.ts";
export { appRouter, createCaller, createContext, publicError, anonymousLocale, clientIp, LOCALE_COOKIE, type Context } from "./trpc/index.ts";
export { handleApiRequest } from "./api/index.ts";
export * from "./app-support/app-support.ts";
export { exportList, contentDisposition, EXPORT_FORMATS, type ExportFile, type ExportFormat } from "./modules/exports/index.ts";
export { importErrorFile } from "./modules/imports/index.ts";
export { marketplaceScreenshot, renderRecordDocument } from "./modules/plugins/index.ts";
export { reportCsv, type ReportFile } from "./modules/plugins/index.ts";
