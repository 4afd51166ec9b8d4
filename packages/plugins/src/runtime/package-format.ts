import { createHash } from "node:crypto";
import { z } from "zod";
import { ZPluginLocales } from "../sdk/manifest.ts";

/**
 * A packed plugin version (`<id>-<version>.qpkg`): one JSON document holding the manifest as written,
 * the bundled hooks (one IIFE, ≤ 256 KB), the bundled in-sandbox tests, the locales and the listing
 * screenshots (base64 PNG). Its identity is the sha256 of its canonical JSON (keys sorted, no spaces),
 * which is what the platform signs at approval and what every load re-checks.
 */
export const PACKAGE_FORMAT = 1;
export const MAX_HOOKS_BYTES = 256 * 1024;
export const MAX_TESTS_BYTES = 512 * 1024;
export const MAX_ASSET_BYTES = 512 * 1024;
export const MAX_PACKAGE_BYTES = 6 * 1024 * 1024;

export const ZPluginPackage = z.object({
  format: z.literal(PACKAGE_FORMAT),
  /** Parsed by ZPluginManifest at upload; kept as written so the hash covers exactly what was sent. */
  manifest: z.record(z.string(), z.unknown()),
  hooks: z.string(),
  tests: z.string().nullable(),
  locales: ZPluginLocales,
  assets: z.record(z.string().regex(/^assets\/[a-zA-Z0-9_.-]+\.png$/), z.string().max(Math.ceil((MAX_ASSET_BYTES * 4) / 3) + 4)).default({}),
});
export type TPluginPackage = z.infer<typeof ZPluginPackage>;

/** Canonical JSON: object keys sorted at every depth, no whitespace. Same input → same bytes on every machine. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function packageHash(pkg: TPluginPackage): string {
  return createHash("sha256").update(canonicalJson(pkg), "utf8").digest("hex");
}

export function hooksBytes(pkg: TPluginPackage): number {
  return Buffer.byteLength(pkg.hooks, "utf8");
}
