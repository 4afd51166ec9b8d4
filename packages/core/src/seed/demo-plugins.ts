/**
 * Demo plugins: a developer account publishes the SDK's sample plugin (the one `qudao-plugin init`
 * scaffolds) through the real path — packed by the CLI, uploaded with its automated checks, approved
 * and signed by the platform admin, and offered to partners — so the marketplace of a fresh demo has
 * something to install and the developer pages have something to show.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "@qudao/plugins/cli";
import { TEMPLATE_DIR } from "@qudao/plugins/template";
import type { Actor } from "../actor/index.ts";
import { hashPassword } from "../auth/index.ts";
import { baseDb, runAsActor } from "../db/index.ts";
import { env } from "../env/index.ts";
import { approveVersion, setPluginPolicy, uploadVersion } from "../modules/plugins/index.ts";
import { bootstrapAdminLogin, DEMO_DEVELOPER } from "./seed.ts";

async function packTemplate(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), "qudao-demo-plugin-"));
  try {
    cpSync(TEMPLATE_DIR, dir, { recursive: true });
    const output: string[] = [];
    const code = await runCli(["pack", dir, "--locale", "en"], { cwd: dir, env: {}, stdout: (t) => output.push(t), stderr: (t) => output.push(t) });
    if (code !== 0) throw new Error(`packing the sample plugin failed:\n${output.join("")}`);
    const file = readdirSync(path.join(dir, "dist")).find((f) => f.endsWith(".qpkg"));
    if (!file) throw new Error("packing the sample plugin wrote no .qpkg");
    return JSON.parse(readFileSync(path.join(dir, "dist", file), "utf8")) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function seedDemoPlugins(): Promise<{ plugins: number }> {
  if ((await baseDb().user.count({ where: { email: DEMO_DEVELOPER.email } })) > 0) return { plugins: 0 };
  const developer = await baseDb().user.create({
    data: { email: DEMO_DEVELOPER.email, name: DEMO_DEVELOPER.name, kind: "developer", passwordHash: await hashPassword(env().QUDAO_ADMIN_PASSWORD) },
  });
  const admin = await baseDb().user.findUniqueOrThrow({ where: { email: bootstrapAdminLogin().email } });
  const developerActor: Actor = { kind: "developer", userId: developer.id, email: developer.email, name: developer.name, via: "script" };
  const adminActor: Actor = { kind: "platform", userId: admin.id, email: admin.email, name: admin.name, roles: ["admin"], via: "script" };

  const pkg = await packTemplate();
  const id = String((pkg.manifest as { id: string }).id);
  const uploaded = await runAsActor(developerActor, () => uploadVersion(developerActor, { id, package: pkg }));
  if (uploaded.status !== "in_review") throw new Error(`the sample plugin failed its checks: ${JSON.stringify(uploaded.checks)}`);
  await runAsActor(adminActor, () => approveVersion(adminActor, { id: uploaded.id, notes: "示例插件" }));
  await runAsActor(adminActor, () => setPluginPolicy(adminActor, { pluginId: id, partnerInstallAllowed: true }));
  return { plugins: 1 };
}
