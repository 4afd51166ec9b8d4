/**
 * Loading an approved version for execution: the stored package is parsed, its hash recomputed and
 * the platform's signature verified every time a process loads it. A tampered package refuses to
 * load, loudly: the failure is logged as an error, recorded for the developer and the tenant, and the
 * caller gets a PluginIntegrityError (never a silently skipped hook).
 */
import { isPluginIntegrityError, PluginIntegrityError, verifyPackage } from "@qudao/plugins/runtime";
import type { TPluginPackage } from "@qudao/plugins/package-format";
import type { PluginVersion } from "../../db/index.ts";
import { recordHookFailure } from "./hook-stats.service.ts";
import { storedPackage } from "./plugins.repository.ts";
import { platformSigningKey } from "./signing-key.ts";

export type VerifiedPackage = { pkg: TPluginPackage; sha256: string };

export function verifyStoredVersion(version: Pick<PluginVersion, "packageText" | "sha256" | "signature" | "pluginId" | "version">): VerifiedPackage {
  let pkg: TPluginPackage;
  try {
    pkg = storedPackage(version);
  } catch {
    // An unparseable stored package is tampering too: what was signed was valid.
    throw new PluginIntegrityError("hash_mismatch", { pluginId: version.pluginId, version: version.version });
  }
  const sha256 = verifyPackage(pkg, version.signature ? { sha256: version.sha256, signature: version.signature } : null, platformSigningKey().publicKey);
  return { pkg, sha256 };
}

/** Log and record an integrity failure where it happened (install, hook load). */
export async function reportIntegrityFailure(error: PluginIntegrityError, where: { versionId: string; installId: string | null; partnerId: string | null; hook: string }): Promise<void> {
  console.error(`[plugins] REFUSED TO LOAD ${error.params.pluginId}@${error.params.version}: ${error.code} (version ${where.versionId}) — the stored package does not match what the platform signed`);
  await recordHookFailure({ pluginId: error.params.pluginId, versionId: where.versionId, installId: where.installId, partnerId: where.partnerId, hook: where.hook, outcome: "integrity", code: error.code, message: error.message });
}

export { isPluginIntegrityError };
