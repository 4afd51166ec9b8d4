import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildFailure, type BuildOptions, type Plugin } from "esbuild";
import { CliFailure } from "./cli-context.ts";
import { HOOKS_ENTRY, testFiles } from "./plugin-project.ts";

/**
 * Bundling for the sandbox: one IIFE, ES2020, no Node, no DOM. `@qudao/plugins/sdk` always resolves
 * to this SDK's source, whatever the project's tsconfig says, so what is tested is what ships.
 *
 * Hooks and tests: the hooks bundle is `src/hooks.ts` alone; the tests bundle is a generated entry that
 * imports every `test/*.test.ts` in name order, and nothing of `src/hooks.ts`. The sandbox evaluates
 * the hooks bundle and then the tests bundle in one context, so `invoke` runs the hooks exactly as they
 * ship (in the review, the minified bytes that get signed), not a second copy compiled into the tests.
 * A test that imported `src/hooks.ts` would register that second copy, so the tests build refuses it.
 */
export const SDK_ENTRY = fileURLToPath(new URL("../sdk/index.ts", import.meta.url));
export const SDK_IMPORT = "@qudao/plugins/sdk";

const sdkAlias: Plugin = {
  name: "qudao-sdk",
  setup(builder) {
    builder.onResolve({ filter: /^@qudao\/plugins\/sdk$/ }, () => ({ path: SDK_ENTRY }));
  },
};

const COMMON = {
  bundle: true,
  write: false,
  format: "iife",
  platform: "neutral",
  target: "es2020",
  mainFields: ["module", "main"],
  charset: "utf8",
  legalComments: "none",
  logLevel: "silent",
  plugins: [sdkAlias],
} satisfies BuildOptions;

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

/** esbuild's first error, as a translated refusal with file, line and column; its text is the compiler's own. */
function bundleFailure(error: unknown, dir: string): never {
  if (!isBuildFailure(error)) throw error;
  const first = error.errors[0];
  const location = first?.location;
  throw new CliFailure("cli.bundle.failed", {
    file: location ? path.relative(dir, path.resolve(dir, location.file)) || location.file : "",
    line: location?.line ?? 0,
    column: (location?.column ?? 0) + 1,
    detail: first?.text ?? "",
  });
}

/** The hooks bundle, or an empty string for a plugin that declares no code (only data). */
export async function bundleHooks(dir: string, options: { minify: boolean }): Promise<string> {
  const entry = path.join(dir, HOOKS_ENTRY);
  if (!existsSync(entry)) return "";
  try {
    const result = await build({ ...COMMON, entryPoints: [entry], minify: options.minify, absWorkingDir: dir });
    return result.outputFiles[0]?.text ?? "";
  } catch (error) {
    return bundleFailure(error, dir);
  }
}

/**
 * The tests bundle (test files only, see above), or null when the project has no test files. Packed
 * minified like the hooks: an unminified bundle carries comments with the developer's file paths.
 */
export async function bundleTests(dir: string, options: { minify: boolean }): Promise<string | null> {
  const tests = testFiles(dir);
  if (tests.length === 0) return null;
  try {
    const result = await build({
      ...COMMON,
      stdin: {
        contents: tests.map((file) => `import ${JSON.stringify(`./${file}`)};`).join("\n"),
        resolveDir: dir,
        sourcefile: "qudao-tests.js",
        loader: "js",
      },
      absWorkingDir: dir,
      minify: options.minify,
      metafile: true,
    });
    const importer = Object.entries(result.metafile.inputs).find(([, input]) => input.imports.some((i) => path.resolve(dir, i.path) === path.join(dir, HOOKS_ENTRY)));
    if (importer) throw new CliFailure("cli.bundle.testsImportHooks", { file: importer[0] });
    return result.outputFiles[0]?.text ?? null;
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    return bundleFailure(error, dir);
  }
}
