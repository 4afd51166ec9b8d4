import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { packageHash, type TPluginPackage } from "./package-format.ts";
import { pluginRuntimeMessageKey } from "./locales/plugin-runtime.ts";

/**
 * Platform signing of approved plugin versions (Ed25519, node:crypto). At approval the platform signs
 * `qudao-plugin:<id>@<version>:<sha256>` where sha256 is `packageHash(pkg)`; every load recomputes the
 * hash from the bytes it is about to run and checks the signature, so a bundle changed after approval,
 * or signed by another key, or never signed, refuses to load with a PluginIntegrityError.
 *
 * Keys travel as base64 DER (private: pkcs8, public: spki), one line each, so they fit an env var.
 */
export type SigningKeyPair = { publicKey: string; privateKey: string };

/** What the platform stores beside an approved version. `signature` is base64. */
export type PackageSignature = { sha256: string; signature: string };

export const PLUGIN_INTEGRITY_CODES = ["hash_mismatch", "bad_signature", "unsigned", "invalid_key", "invalid_manifest"] as const;
export type PluginIntegrityCode = (typeof PLUGIN_INTEGRITY_CODES)[number];

export class PluginIntegrityError extends Error {
  readonly code: PluginIntegrityCode;
  readonly i18nKey: string;
  readonly params: { pluginId: string; version: string };

  constructor(code: PluginIntegrityCode, params: { pluginId: string; version: string }) {
    super(`plugin integrity: ${code} (${params.pluginId}@${params.version})`);
    this.name = "PluginIntegrityError";
    this.code = code;
    this.i18nKey = pluginRuntimeMessageKey("integrity", code);
    this.params = params;
  }
}

export function isPluginIntegrityError(value: unknown): value is PluginIntegrityError {
  return value instanceof PluginIntegrityError;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    privateKey: privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
  };
}

export function signingPayload(pluginId: string, version: string, sha256: string): string {
  return `qudao-plugin:${pluginId}@${version}:${sha256}`;
}

/** The manifest's id and version as the package carries them (the manifest is kept as written). */
export function packageIdentity(pkg: TPluginPackage): { pluginId: string; version: string } {
  const { id, version } = pkg.manifest;
  if (typeof id !== "string" || typeof version !== "string" || id === "" || version === "") {
    throw new PluginIntegrityError("invalid_manifest", { pluginId: typeof id === "string" ? id : "", version: typeof version === "string" ? version : "" });
  }
  return { pluginId: id, version };
}

function importKey(base64: string, kind: "public" | "private", identity: { pluginId: string; version: string }): KeyObject {
  let key: KeyObject;
  try {
    const der = Buffer.from(base64, "base64");
    key = kind === "public" ? createPublicKey({ key: der, format: "der", type: "spki" }) : createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    throw new PluginIntegrityError("invalid_key", identity);
  }
  if (key.asymmetricKeyType !== "ed25519") throw new PluginIntegrityError("invalid_key", identity);
  return key;
}

/** Sign an approved package: its hash, and the signature over (id, version, hash). */
export function signPackage(pkg: TPluginPackage, privateKey: string): PackageSignature {
  const identity = packageIdentity(pkg);
  const sha256 = packageHash(pkg);
  const signature = sign(null, Buffer.from(signingPayload(identity.pluginId, identity.version, sha256), "utf8"), importKey(privateKey, "private", identity));
  return { sha256, signature: signature.toString("base64") };
}

/**
 * Check a package before it runs: the hash recomputed from its content must equal the signed one, and
 * the signature must verify with the platform's public key. Throws PluginIntegrityError; returns the
 * verified hash.
 */
export function verifyPackage(pkg: TPluginPackage, signed: PackageSignature | null | undefined, publicKey: string): string {
  const identity = packageIdentity(pkg);
  if (!signed || !signed.signature || !signed.sha256) throw new PluginIntegrityError("unsigned", identity);
  const key = importKey(publicKey, "public", identity);
  const sha256 = packageHash(pkg);
  if (sha256 !== signed.sha256) throw new PluginIntegrityError("hash_mismatch", identity);
  const signature = Buffer.from(signed.signature, "base64");
  let valid = false;
  try {
    valid = verify(null, Buffer.from(signingPayload(identity.pluginId, identity.version, sha256), "utf8"), key, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new PluginIntegrityError("bad_signature", identity);
  return sha256;
}
