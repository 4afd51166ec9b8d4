#!/usr/bin/env node
// The CLI is TypeScript source like the rest of the SDK; tsx compiles it as it loads, so nothing is built.
// tsx is pointed at this package's tsconfig: the plugin project's own tsconfig (cwd) must not change how the CLI compiles.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { runCli } = await import("../src/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (chunk) => process.stdout.write(chunk),
  stderr: (chunk) => process.stderr.write(chunk),
});
