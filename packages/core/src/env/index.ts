import { z } from "zod";

const port = z.coerce
  .number()
  .int()
  .min(1, { message: "must be a port number between 1 and 65535" })
  .max(65535, { message: "must be a port number between 1 and 65535" });

export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("postgresql://postgres@127.0.0.1:5432/qudao")
    .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: "must start with postgresql://" }),
  REDIS_URL: z
    .string()
    .default("redis://127.0.0.1:6379")
    .refine((v) => /^rediss?:\/\//.test(v), { message: "must start with redis:// or rediss://" }),
  /** Prefix for BullMQ keys, so several deployments or test runs can share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default("qudao"),
  PLATFORM_PORT: port.default(3000),
  PORTAL_PORT: port.default(3001),
  PLATFORM_URL: z.url().optional(),
  PORTAL_URL: z.url().optional(),
  QUDAO_ADMIN_EMAIL: z.email().default("admin@qudao.demo"),
  QUDAO_ADMIN_PASSWORD: z.string().min(8, { message: "must be at least 8 characters" }).default("qudao-demo-2026"),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_THROTTLE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  PLATFORM_TIMEZONE: z.string().default("Asia/Shanghai"),
  /** Behind a reverse proxy, trust its X-Forwarded-For for the client IP (login throttling, audit). */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** Outgoing e-mail (task reminders…): SMTP_URL, or SMTP_HOST (+ PORT, USER, PASS). Neither: e-mails are logged, not sent. */
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), { message: "must start with smtp:// or smtps://" })
    .optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: port.optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_FROM: z.string().default("Qudao <no-reply@qudao.local>"),
  /** Ed25519 key that signs approved plugin versions (base64 pkcs8 DER). Unset: the key file below. */
  PLUGIN_SIGNING_KEY: z.string().min(40, { message: "must be a base64 Ed25519 private key" }).optional(),
  PLUGIN_SIGNING_KEY_FILE: z.string().default(".qudao/plugin-signing.key"),
  /** Partner installs of a plugin: how long uninstalled data stays restorable before it is purged. */
  PLUGIN_QUARANTINE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Connections per process for the reads plugin hooks make before a save (a pool apart from the main one). */
  PLUGIN_HOOK_READ_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(3),
  /** The CJK font embedded in PDF documents: a .ttf/.otf, or a .ttc with CJK_FONT_FAMILY naming the face. Unset: Debian's WenQuanYi Micro Hei. */
  CJK_FONT_PATH: z.string().optional(),
  CJK_FONT_FAMILY: z.string().optional(),
});

export type Env = z.infer<typeof ZEnv>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `Qudao cannot start: the environment is not valid.\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "Set these variables (or remove them to use the defaults) and start again. See README.md, 'Environment'.",
    );
    this.name = "EnvError";
  }
}

/** Pure: parse an environment record. Empty strings count as unset, so `FOO=` falls back to the default. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  return result.data;
}

/** The demo admin password is public; callers warn when it is used in production. */
export function usesDemoAdminPassword(e: Env): boolean {
  return e.QUDAO_ADMIN_PASSWORD === "qudao-demo-2026";
}

let cached: Env | undefined;

/** The validated process environment, parsed once. Throws EnvError with every problem listed. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}
