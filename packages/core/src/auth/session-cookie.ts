/** Session cookies for the two apps. They share a host in development, so the names differ. */
export type AppName = "platform" | "portal";

export function sessionCookieName(app: AppName): string {
  return app === "platform" ? "qd_platform_session" : "qd_portal_session";
}

export function serializeSessionCookie(app: AppName, token: string, expiresAt: Date, secure: boolean): string {
  const parts = [
    `${sessionCookieName(app)}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookie(app: AppName, secure: boolean): string {
  const parts = [`${sessionCookieName(app)}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      const value = rest.join("=");
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Session cookies are Secure in production. The one exception is plain http on a loopback host (the
 * local `npm start` demo, e2e tests), where a Secure cookie would never come back and nothing leaves
 * the machine. QUDAO_INSECURE_COOKIES=1 forces them off (plain-http demos behind a LAN address).
 */
export function useSecureCookies(requestUrl: string, nodeEnv: string, insecureOverride: string | undefined): boolean {
  if (nodeEnv !== "production" || insecureOverride === "1") return false;
  const url = new URL(requestUrl);
  return !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
}
