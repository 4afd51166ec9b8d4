export { appRouter, createCaller, type AppRouter } from "./router.ts";
export { createContext, anonymousLocale, clientIp, LOCALE_COOKIE, type Context, type Channel } from "./context.ts";
export { publicError, toDomainError, type PublicError } from "./error-mapping.ts";
