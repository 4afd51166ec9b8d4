/**
 * Every literal i18n key of the opportunities and pipeline namespaces that code passes to t(), to a
 * zod message, a DomainError or a task title exists (in all three languages: define-messages.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasMessage, translator } from "../../i18n/index.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === "build" || name === "generated" || name.startsWith(".")) continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(tsx?|mts)$/.test(name)) files.push(full);
    }
  };
  for (const dir of ["apps/platform/app", "apps/partner-portal/app", "packages/core/src"]) walk(path.join(root, dir));
  return files;
}

describe("opportunity and pipeline messages", () => {
  it("defines every literal key the code uses", () => {
    const pattern = /(?:\bt\(\s*|message:\s*|i18nKey:\s*|titleKey:\s*)["'`]((?:opportunities|pipeline)\.[\w.]+)["'`]/g;
    const used = new Set<string>();
    const missing: string[] = [];
    for (const file of sourceFiles()) {
      for (const match of readFileSync(file, "utf8").matchAll(pattern)) {
        used.add(match[1]!);
        if (!hasMessage(match[1]!)) missing.push(`${path.relative(root, file)}: ${match[1]}`);
      }
    }
    expect(used.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it("names the default pipeline's stages (the migration's nameKeys) in every language", () => {
    for (const stage of ["qualification", "needs", "proposal", "negotiation", "won", "lost"]) {
      for (const locale of ["zh-CN", "zh-TW", "en"] as const) {
        const key = `pipeline.default.stage.${stage}`;
        expect(hasMessage(key)).toBe(true);
        expect(translator(locale)(key)).not.toBe(key);
      }
    }
    expect(translator("en")("pipeline.default.name")).toBe("Standard sales process");
  });
});
