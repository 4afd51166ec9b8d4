import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { packageHash, type TPluginPackage } from "./package-format.ts";
import { generateSigningKeyPair, isPluginIntegrityError, signPackage, verifyPackage, type PackageSignature } from "./signing.ts";

const platformKeys = generateSigningKeyPair();
const otherKeys = generateSigningKeyPair();

function samplePackage(hooks = "globalThis.__qudaoPlugin = { hooks: { check: () => [] } };"): TPluginPackage {
  return {
    format: 1,
    manifest: { id: "acme.pharma", version: "1.2.0", name: { "zh-CN": "医药", en: "Pharma" } },
    hooks,
    tests: null,
    locales: { "zh-CN": { hello: "你好" }, en: { hello: "Hello" } },
    assets: {},
  };
}

function integrityCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isPluginIntegrityError(error)) return error.code;
    throw error;
  }
  return "loaded";
}

/** The same text with one character's low bit flipped ("check" → "bheck"). */
function flipOneByte(text: string): string {
  const i = text.indexOf("check");
  return `${text.slice(0, i)}${String.fromCharCode(text.charCodeAt(i) ^ 1)}${text.slice(i + 1)}`;
}

describe("package signing", () => {
  it("keys are single-line base64 (they fit an environment variable)", () => {
    for (const key of [platformKeys.publicKey, platformKeys.privateKey]) expect(key).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it("a signed, untouched package verifies and yields its hash", () => {
    const pkg = samplePackage();
    const signed = signPackage(pkg, platformKeys.privateKey);
    expect(verifyPackage(pkg, signed, platformKeys.publicKey)).toBe(packageHash(pkg));
  });

  const signedOriginal = () => {
    const pkg = samplePackage();
    return { pkg, signed: signPackage(pkg, platformKeys.privateKey) };
  };

  it.each<{ name: string; code: string; attempt: () => { pkg: TPluginPackage; signed: PackageSignature | null; key: string } }>([
    {
      name: "one byte of the hooks changed after signing",
      code: "hash_mismatch",
      attempt: () => {
        const { pkg, signed } = signedOriginal();
        return { pkg: { ...pkg, hooks: flipOneByte(pkg.hooks) }, signed, key: platformKeys.publicKey };
      },
    },
    {
      name: "the tampered package's own hash put in place of the signed one",
      code: "bad_signature",
      attempt: () => {
        const { pkg, signed } = signedOriginal();
        const tampered = { ...pkg, hooks: flipOneByte(pkg.hooks) };
        return { pkg: tampered, signed: { ...signed, sha256: packageHash(tampered) }, key: platformKeys.publicKey };
      },
    },
    {
      name: "a locale text changed after signing",
      code: "hash_mismatch",
      attempt: () => {
        const { pkg, signed } = signedOriginal();
        return { pkg: { ...pkg, locales: { ...pkg.locales, en: { hello: "Hi" } } }, signed, key: platformKeys.publicKey };
      },
    },
    {
      name: "the version in the manifest bumped after signing",
      code: "hash_mismatch",
      attempt: () => {
        const { pkg, signed } = signedOriginal();
        return { pkg: { ...pkg, manifest: { ...pkg.manifest, version: "1.3.0" } }, signed, key: platformKeys.publicKey };
      },
    },
    {
      name: "signed with another key",
      code: "bad_signature",
      attempt: () => {
        const pkg = samplePackage();
        return { pkg, signed: signPackage(pkg, otherKeys.privateKey), key: platformKeys.publicKey };
      },
    },
    {
      name: "a garbage signature",
      code: "bad_signature",
      attempt: () => {
        const { pkg, signed } = signedOriginal();
        return { pkg, signed: { ...signed, signature: "AAAA" }, key: platformKeys.publicKey };
      },
    },
    {
      name: "no signature at all",
      code: "unsigned",
      attempt: () => ({ pkg: samplePackage(), signed: null, key: platformKeys.publicKey }),
    },
    {
      name: "an empty signature",
      code: "unsigned",
      attempt: () => {
        const { pkg, signed } = signedOriginal();
        return { pkg, signed: { ...signed, signature: "" }, key: platformKeys.publicKey };
      },
    },
    {
      name: "a public key that is not base64 DER",
      code: "invalid_key",
      attempt: () => ({ ...signedOriginal(), key: "not a key" }),
    },
    {
      name: "an RSA public key instead of Ed25519",
      code: "invalid_key",
      attempt: () => ({
        ...signedOriginal(),
        key: generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "der" }).toString("base64"),
      }),
    },
  ])("refuses to load: $name → $code", ({ code, attempt }) => {
    const { pkg, signed, key } = attempt();
    expect(integrityCode(() => verifyPackage(pkg, signed, key))).toBe(code);
  });

  it("a signature of one plugin cannot be reused for another plugin with the same content", () => {
    const { pkg, signed } = signedOriginal();
    const renamed = { ...pkg, manifest: { ...pkg.manifest, id: "evil.pharma" } };
    expect(integrityCode(() => verifyPackage(renamed, { ...signed, sha256: packageHash(renamed) }, platformKeys.publicKey))).toBe("bad_signature");
  });

  it("a package whose manifest has no id cannot be signed", () => {
    const pkg = { ...samplePackage(), manifest: { version: "1.0.0" } };
    expect(integrityCode(() => signPackage(pkg, platformKeys.privateKey))).toBe("invalid_manifest");
  });

  it("the error carries the plugin and a translatable key", () => {
    const { pkg, signed } = signedOriginal();
    try {
      verifyPackage({ ...pkg, hooks: flipOneByte(pkg.hooks) }, signed, platformKeys.publicKey);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "hash_mismatch", i18nKey: "pluginRuntime.integrity.hash_mismatch", params: { pluginId: "acme.pharma", version: "1.2.0" } });
    }
  });
});
