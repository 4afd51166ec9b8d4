export {
  login,
  logout,
  authenticateSession,
  authenticateBearer,
  generateApiKey,
  hashApiKey,
  ZLoginInput,
  type TLoginInput,
  type LoginResult,
  type Authenticated,
  type RequestOrigin,
} from "./auth.service.ts";
export { hashPassword, verifyPassword } from "./password.ts";
export { invalidateUserSessions, type SessionClient } from "./lucia.ts";
export { sessionCookieName, serializeSessionCookie, clearSessionCookie, readCookie, useSecureCookies, type AppName } from "./session-cookie.ts";
export { throttleVerdict, type ThrottlePolicy } from "./throttle.rules.ts";
