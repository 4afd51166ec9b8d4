/**
 * The platform's plugin signing key (Ed25519). It never lives in the database: a bundle changed there
 * must fail verification, so whoever can write rows must not also hold the key. Taken from
 * PLUGIN_SIGNING_KEY (base64 pkcs8) when set, else from a key file (PLUGIN_SIGNING_KEY_FILE, default
 * `.qudao/plugin-signing.key` at the repository root), created on first use with mode 0600.
 * The public key is derived from it.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { generateSigningKeyPair } from "@qudao/plugins/runtime";
import { env } from "../../env/index.ts";

export type PlatformSigningKey = { privateKey: string; publicKey: string; keyId: string };

let cached: PlatformSigningKey | undefined;

/**
 * The installation's root: the nearest directory above the working directory whose package.json
 * declares the workspaces. The apps run from their own folders (built bundles live elsewhere than
 * the source), the worker from packages/core, scripts from the root — all must find the same file.
 */
export function installationRoot(start = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // An unreadable package.json is not the root; keep walking up.
      }
    }
    if (dirname(dir) === dir) return resolve(start);
  }
}

function fromPrivate(privateKey: string): PlatformSigningKey {
  const key = createPrivateKey({ key: Buffer.from(privateKey, "base64"), format: "der", type: "pkcs8" });
  if (key.asymmetricKeyType !== "ed25519") throw new Error("PLUGIN_SIGNING_KEY: must be an Ed25519 private key (base64 pkcs8 DER)");
  const publicKey = createPublicKey(key).export({ type: "spki", format: "der" }).toString("base64");
  // A short, stable name for the key in version rows, so a rotated key shows which versions need re-signing.
  const keyId = Buffer.from(publicKey, "base64").subarray(-8).toString("hex");
  return { privateKey, publicKey, keyId };
}

function readOrCreateKeyFile(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  try {
    // "wx": two processes starting together must not both write a key.
    writeFileSync(path, `${generateSigningKeyPair().privateKey}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(path, "utf8").trim();
}

export function platformSigningKey(): PlatformSigningKey {
  if (cached) return cached;
  const e = env();
  const privateKey = e.PLUGIN_SIGNING_KEY ?? readOrCreateKeyFile(resolve(installationRoot(), e.PLUGIN_SIGNING_KEY_FILE));
  cached = fromPrivate(privateKey);
  return cached;
}
