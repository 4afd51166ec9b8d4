import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZPluginPackage, canonicalJson, packageHash } from "../runtime/package-format.ts";
import { translator } from "../i18n/index.ts";
import { runCli } from "./main.ts";

const BIN = fileURLToPath(new URL("../../bin/qudao-plugin.mjs", import.meta.url));
const TSC = fileURLToPath(new URL("../../../../node_modules/typescript/bin/tsc", import.meta.url));
const en = translator("en");

type Run = { code: number | null; stdout: string; stderr: string };

/** The real launcher in a child process, as a developer runs it. */
function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", QUDAO_LOCALE: "en", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The same CLI in-process (no launcher), for the many refusal cases. */
async function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    cwd,
    env: { QUDAO_LOCALE: "en", ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
type Reply = { status: number; body: unknown };

/** A stand-in for the platform's upload endpoint: records each request and answers what the test says. */
let server: Server;
let baseUrl: string;
let requests: Received[] = [];
let reply: (request: Received) => Reply = () => ({ status: 500, body: {} });

const workDirs: string[] = [];
function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "qudao-plugin-cli-"));
  workDirs.push(dir);
  return dir;
}

/** A fresh scaffold in its own temp dir. */
async function scaffold(): Promise<string> {
  const root = workDir();
  const result = await cli(["init", "visits"], root);
  expect(result.code).toBe(0);
  return path.join(root, "visits");
}

function editManifest(dir: string, edit: (manifest: Record<string, any>) => void): void {
  const file = path.join(dir, "manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, any>;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
}

function accepted(request: Received, status: "in_review" | "checks_failed", checks: unknown[]): Reply {
  const pkg = JSON.parse(request.body) as { manifest: { id: string; version: string } };
  return {
    status: 201,
    body: {
      id: "7d0c2a55-0f1e-4b7a-8f9e-1a2b3c4d5e6f",
      pluginId: pkg.manifest.id,
      version: pkg.manifest.version,
      sha256: createHash("sha256").update(request.body).digest("hex"),
      status,
      checks,
    },
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      requests.push(received);
      const { status, body: answer } = reply(received);
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  requests = [];
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

describe("qudao-plugin, as a developer runs it", () => {
  it("init → validate → test → pack → publish, with the launcher", { timeout: 120_000 }, async () => {
    const root = workDir();

    const init = await spawnCli(["init", "visits", "--id", "bright.visits", "--name", "Visit log"], root);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(en("cli.init.created", { dir: "visits", id: "bright.visits" }));
    const dir = path.join(root, "visits");
    for (const file of [".gitignore", "README.md", "manifest.json", "src/hooks.ts", "test/hooks.test.ts", "locales/zh-CN.json", "locales/zh-TW.json", "locales/en.json", "tsconfig.json"]) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(manifest.id).toBe("bright.visits");
    expect(manifest.name).toEqual({ "zh-CN": "Visit log", "zh-TW": "Visit log", en: "Visit log" });
    expect(manifest.contributes.objects[0].name).toBe("bright_visits__visitNote");
    expect(manifest.permissions).toEqual(["records:write:bright_visits__visitNote", "tasks:create"]);
    expect(readFileSync(path.join(dir, "src/hooks.ts"), "utf8")).toContain('"bright_visits__visitNote"');
    expect(path.resolve(dir, manifest.$schema)).toBe(fileURLToPath(new URL("../sdk/manifest.schema.json", import.meta.url)));

    // The editor gets the SDK's types without npm install: the scaffold typechecks against this SDK.
    const typecheck = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [TSC, "-p", dir]);
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
      child.on("close", (code) => resolve({ code, stdout, stderr: "" }));
    });
    expect(typecheck.code, typecheck.stdout).toBe(0);

    const validate = await spawnCli(["validate"], dir);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain(en("cli.validate.passed", { id: "bright.visits" }));

    const test = await spawnCli(["test"], dir);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/✓ refuses a note shorter than the minimum length, on the note field {2}\(\d+\.\d\d ms CPU\)/);
    expect(test.stdout).toMatch(/✓ creates a follow-up task due after the note's number of days/);
    expect(test.stdout).toMatch(/5 test\(s\) passed, \d+\.\d\d ms CPU in total\./);

    const pack = await spawnCli(["pack"], dir);
    expect(pack.code, pack.stderr).toBe(0);
    const file = path.join(dir, "dist", "bright.visits-0.1.0.qpkg");
    const body = readFileSync(file, "utf8");
    const pkg = ZPluginPackage.parse(JSON.parse(body));
    expect(body).toBe(canonicalJson(pkg));
    expect(pack.stdout).toContain(`sha256 ${packageHash(pkg)}`);
    expect(pkg.manifest).toEqual(manifest);
    expect(pkg.locales.en).toEqual(JSON.parse(readFileSync(path.join(dir, "locales/en.json"), "utf8")));
    expect(pkg.hooks).toContain("checkNoteLength");
    expect(pkg.hooks.split("\n").length).toBeLessThanOrEqual(2);
    expect(pkg.tests).toContain("refuses a note shorter than the minimum length");
    expect(pkg.tests).not.toContain(dir);

    reply = (request) => accepted(request, "in_review", [
      { code: "manifest", status: "passed", details: [] },
      { code: "permissions", status: "warning", details: [{ added: ["records:write:bright_visits__visitNote", "tasks:create"], removed: [], previousVersion: null }] },
      { code: "tests", status: "passed", details: [{ name: "refuses a short note", passed: true, error: null, cpuMicros: 1234 }] },
    ]);
    const publish = await spawnCli(["publish", "--url", baseUrl, "--key", "qk_dev_123"], dir);
    expect(publish.code, publish.stderr).toBe(0);
    expect(requests).toHaveLength(1);
    const [request] = requests as [Received];
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/api/v1/plugins/bright.visits/versions");
    expect(request.headers.authorization).toBe("Bearer qk_dev_123");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["accept-language"]).toBe("en");
    expect(createHash("sha256").update(request.body).digest("hex")).toBe(packageHash(pkg));
    expect(publish.stdout).toContain("  ✓ Manifest lint: passed\n");
    expect(publish.stdout).toContain("  ! Permissions compared with the approved version: warning\n      Asks for: records:write:bright_visits__visitNote, tasks:create\n");
    expect(publish.stdout).toContain("  ✓ Plugin tests in the sandbox: passed\n        ✓ refuses a short note  (1.23 ms CPU)\n");
    expect(publish.stdout).toContain(en("cli.publish.inReview", { id: "bright.visits", version: "0.1.0", sha256: packageHash(pkg) }));
  });

  it("speaks the language of QUDAO_LOCALE, LANG or --locale", { timeout: 60_000 }, async () => {
    const root = workDir();
    const zhTW = await spawnCli(["--help"], root, { QUDAO_LOCALE: "", LANG: "zh_TW.UTF-8" });
    expect(zhTW.stdout).toContain("建置、測試並發佈渠道外掛");
    const fallback = await spawnCli(["--version"], root, { QUDAO_LOCALE: "", LANG: "C.UTF-8" });
    expect(fallback.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const refused = await cli(["deploy", "--locale", "zh-CN"], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("未知命令“deploy”。");
  });
});

describe("qudao-plugin init", () => {
  it("refuses a directory that is not empty", async () => {
    const root = workDir();
    mkdirSync(path.join(root, "taken"));
    writeFileSync(path.join(root, "taken", "notes.txt"), "mine");
    const result = await cli(["init", "taken"], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(en("cli.init.notEmpty", { dir: "taken" }));
    expect(readFileSync(path.join(root, "taken", "notes.txt"), "utf8")).toBe("mine");
  });

  it("refuses an id that is not a plugin id", async () => {
    const result = await cli(["init", "x", "--id", "Acme"], workDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(en("cli.init.idInvalid", { id: "Acme" }));
  });
});

describe("qudao-plugin validate", () => {
  it("prints each problem translated with where it is, and exits 1 on an error", async () => {
    const dir = await scaffold();
    editManifest(dir, (m) => {
      m.contributes.navigation[0].object = "acme_sample__visit";
      m.hooks.push({ name: "nightly", kind: "schedule", cron: "* * * * *" });
    });
    rmSync(path.join(dir, "locales/zh-TW.json"));
    const result = await cli(["validate", "--locale", "zh-CN"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("错误  manifest.json › contributes.navigation[0].object  导航项只能打开本插件自己的对象，不能是 acme_sample__visit。");
    expect(result.stderr).toContain("错误  manifest.json › hooks[2]  定时钩子 nightly 需要 schedule 权限。");
    expect(result.stderr).toContain("“* * * * *”运行频率高于每 5 分钟一次。");
    expect(result.stdout).toContain("警告  locales/zh-TW.json  缺少 zh-TW 文件");
    expect(result.stderr).toContain("校验未通过：3 个错误，1 个警告。");
  });

  it("passes with warnings, exit 0", async () => {
    const dir = await scaffold();
    writeFileSync(path.join(dir, "locales/en.json"), JSON.stringify({}));
    const result = await cli(["validate"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`warning  locales/en.json › visitNote.noteTooShort  ${en("cli.locales.keyMissing", { reference: "zh-CN" })}`);
    expect(result.stdout).toContain(en("cli.validate.passedWithWarnings", { warnings: 1, id: "acme.sample" }));
  });

  it("says where manifest.json stops being JSON", async () => {
    const dir = await scaffold();
    writeFileSync(path.join(dir, "manifest.json"), '{\n  "id": "acme.sample",\n  "version": 1.0.0\n}');
    const result = await cli(["validate"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(en("cli.project.notJson", { file: "manifest.json", line: 3, column: 17 }));
  });
});

describe("qudao-plugin test", () => {
  it("prints the failed expectation translated and exits 1", { timeout: 60_000 }, async () => {
    const dir = await scaffold();
    appendFileSync(
      path.join(dir, "test/hooks.test.ts"),
      '\ntest("a deliberately wrong expectation", () => {\n  console.log("checking the minimum");\n  expect(invoke("checkNoteLength", { record: { note: "short" } })).toEqual([]);\n});\n',
    );
    const result = await cli(["test"], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✓ refuses a note shorter than the minimum length/);
    expect(result.stderr).toMatch(/✗ a deliberately wrong expectation {2}\(\d+\.\d\d ms CPU\)/);
    expect(result.stderr).toContain("toEqual");
    expect(result.stderr).toContain("console.log: checking the minimum");
    expect(result.stderr).toContain(en("cli.test.summaryFailed", { failed: 1, passed: 5, cpu: "" }).split(",")[0]);
  });

  it("stops a runaway test at the production CPU limit and says so", { timeout: 60_000 }, async () => {
    const dir = await scaffold();
    appendFileSync(path.join(dir, "test/hooks.test.ts"), '\ntest("never ends", () => {\n  for (;;) {}\n});\n');
    const result = await cli(["test"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ never ends {2}\(\d+\.\d\d ms CPU\)/);
    expect(result.stderr).toContain(en("pluginRuntime.invocation.cpu_limit", { hook: "never ends", limitMs: 2000 }));
  });

  it("refuses tests that import src/hooks.ts instead of invoking the shipped hooks", async () => {
    const dir = await scaffold();
    writeFileSync(path.join(dir, "test/direct.test.ts"), 'import "../src/hooks.ts";\n');
    const result = await cli(["test"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(en("cli.bundle.testsImportHooks", { file: "test/direct.test.ts" }));
  });

  it("reports a compile error with its place", async () => {
    const dir = await scaffold();
    appendFileSync(path.join(dir, "src/hooks.ts"), "\nconst broken = ;\n");
    const result = await cli(["test"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Bundling failed at src\/hooks\.ts:\d+:\d+: /);
  });
});

describe("qudao-plugin pack", () => {
  it("refuses hooks the static scan rejects and writes nothing", async () => {
    const dir = await scaffold();
    appendFileSync(path.join(dir, "src/hooks.ts"), "\nsetTimeout(() => undefined, 10);\n");
    const result = await cli(["pack"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(en("pluginRuntime.scan.timers", { name: "setTimeout" }));
    expect(result.stderr).toContain(en("cli.pack.scanFailed", { count: 1 }));
    expect(existsSync(path.join(dir, "dist"))).toBe(false);
  });

  it("refuses a manifest with lint errors", async () => {
    const dir = await scaffold();
    editManifest(dir, (m) => (m.engines.qudao = ">=99.0.0"));
    const result = await cli(["pack"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(en("lint.engines_unsatisfied", { range: ">=99.0.0", hostVersion: "0.1.0" }));
  });

  it("embeds the listed screenshots and refuses one that is missing or not a PNG", async () => {
    const dir = await scaffold();
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
    mkdirSync(path.join(dir, "assets"));
    writeFileSync(path.join(dir, "assets/list.png"), png);
    writeFileSync(path.join(dir, "assets/unlisted.png"), png);
    editManifest(dir, (m) => (m.listing.screenshots = [{ file: "assets/list.png", caption: { "zh-CN": "列表", "zh-TW": "清單", en: "List" } }]));
    const packed = await cli(["pack"], dir);
    expect(packed.code, packed.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(dir, "dist/acme.sample-0.1.0.qpkg"), "utf8"));
    expect(pkg.assets).toEqual({ "assets/list.png": png.toString("base64") });

    writeFileSync(path.join(dir, "assets/list.png"), "not an image");
    const notPng = await cli(["pack"], dir);
    expect(notPng.code).toBe(1);
    expect(notPng.stderr).toContain(en("cli.pack.assetNotPng", { file: "assets/list.png" }));

    rmSync(path.join(dir, "assets/list.png"));
    const missing = await cli(["pack"], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(en("cli.pack.assetMissing", { file: "assets/list.png" }));
  });
});

describe("qudao-plugin publish", () => {
  it("uploads a packed file as it is, using QUDAO_URL and QUDAO_API_KEY", async () => {
    const dir = await scaffold();
    expect((await cli(["pack"], dir)).code).toBe(0);
    const file = path.join(dir, "dist/acme.sample-0.1.0.qpkg");
    reply = (request) => accepted(request, "in_review", []);
    const result = await cli(["publish", "dist/acme.sample-0.1.0.qpkg", "--locale", "zh-TW"], dir, { QUDAO_URL: `${baseUrl}/`, QUDAO_API_KEY: "qk_env" });
    expect(result.code, result.stderr).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toBe(readFileSync(file, "utf8"));
    expect(requests[0]?.headers.authorization).toBe("Bearer qk_env");
    expect(requests[0]?.headers["accept-language"]).toBe("zh-TW");
    expect(result.stdout).toContain("已上傳，等待審核");
  });

  it("exits 1 and prints the failed checks, translated, when the upload fails them", async () => {
    const dir = await scaffold();
    reply = (request) => accepted(request, "checks_failed", [
      { code: "manifest", status: "failed", details: [{ code: "cron_too_frequent", severity: "error", path: "hooks[2].cron", params: { cron: "* * * * *", minutes: 5 } }] },
      {
        code: "tests",
        status: "failed",
        details: [
          {
            name: "creates a follow-up task",
            passed: false,
            error: { code: "assertion_failed", messageKey: "pluginRuntime.test.assertion_failed", params: { matcher: "toEqual", expected: "[]", received: "[1]" }, message: "" },
            cpuMicros: 2500,
          },
        ],
      },
      { code: "static_scan", status: "failed", details: [{ code: "eval", name: "eval", line: 1, column: 7, snippet: "(()=>{eval(x)})()" }] },
      { code: "version_order", status: "failed", details: [{ version: "0.1.0", newest: "0.2.0" }] },
      { code: "a_future_check", status: "warning", details: [{ something: 1 }] },
    ]);
    const result = await cli(["publish", "--url", baseUrl, "--key", "k"], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`  ✗ Manifest lint: failed\n      error    manifest.json › hooks[2].cron  ${en("lint.cron_too_frequent", { cron: "* * * * *", minutes: 5 })}\n`);
    expect(result.stdout).toContain(`        ✗ creates a follow-up task  (2.50 ms CPU)\n          ${en("pluginRuntime.test.assertion_failed", { matcher: "toEqual", expected: "[]", received: "[1]" })}\n`);
    expect(result.stdout).toContain(en("pluginRuntime.scan.eval", { name: "eval" }));
    expect(result.stdout).toContain(en("cli.publish.detail.versionOrder", { version: "0.1.0", newest: "0.2.0" }));
    expect(result.stdout).toContain('  ! a_future_check: warning\n      {"something":1}\n');
    expect(result.stderr).toContain(en("cli.publish.checksFailed", { id: "acme.sample", version: "0.1.0" }));
  });

  it.each([
    [409, { error: { code: "VERSION_EXISTS", message: "Version 0.1.0 already exists." } }, en("cli.publish.versionExists", { id: "acme.sample", version: "0.1.0" })],
    [401, { error: { code: "UNAUTHENTICATED", message: "The API key is not valid." } }, en("cli.publish.refused", { status: 401, message: "The API key is not valid." })],
    [403, { error: { code: "FORBIDDEN", message: "This key may not publish acme.sample." } }, en("cli.publish.refused", { status: 403, message: "This key may not publish acme.sample." })],
    [422, { error: { code: "PLUGIN_ID_TAKEN", message: "Another developer owns acme.sample.", details: [{ path: "manifest.id", message: "taken" }] } }, "  manifest.id: taken"],
    [500, { oops: true }, en("cli.publish.unexpectedResponse", { status: 500 })],
  ])("HTTP %i: prints the server's answer and exits 1", async (status, body, expected) => {
    const dir = await scaffold();
    reply = () => ({ status, body });
    const result = await cli(["publish", "--url", baseUrl, "--key", "k"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(expected);
    expect(result.stderr).toContain(en("cli.publish.notPublished", { id: "acme.sample", version: "0.1.0" }));
  });

  it("needs a URL and a key before it packs anything", async () => {
    const dir = await scaffold();
    const noKey = await cli(["publish", "--url", baseUrl], dir);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain(en("cli.publish.keyMissing"));
    const noUrl = await cli(["publish", "--key", "k"], dir);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain(en("cli.publish.urlMissing"));
    expect(existsSync(path.join(dir, "dist"))).toBe(false);
    expect(requests).toHaveLength(0);
  });

  it("says so when the server cannot be reached", async () => {
    const dir = await scaffold();
    const result = await cli(["publish", "--url", "http://127.0.0.1:9", "--key", "k"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(en("cli.publish.unreachable", { url: "http://127.0.0.1:9" }));
  });
});
