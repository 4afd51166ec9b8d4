import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ZPluginPackage, canonicalJson, packageHash, type TPluginPackage } from "../runtime/package-format.ts";
import { CliFailure, type CliContext } from "./cli-context.ts";
import { packCommand } from "./pack.command.ts";
import { readJsonFile } from "./plugin-project.ts";
import { ZUploadCheck, printChecks } from "./publish-report.ts";

export type PublishOptions = { target: string | undefined; url: string | undefined; key: string | undefined };

/** What `POST /api/v1/plugins/{id}/versions` answers with 201. */
const ZPublishedVersion = z.object({
  id: z.string(),
  pluginId: z.string(),
  version: z.string(),
  sha256: z.string(),
  status: z.enum(["in_review", "checks_failed"]),
  checks: z.array(ZUploadCheck),
});

const ZErrorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional(),
  }),
});

function loadPackage(ctx: CliContext, file: string): TPluginPackage {
  const parsed = ZPluginPackage.safeParse(readJsonFile(file, path.relative(ctx.io.cwd, file) || file));
  if (!parsed.success) throw new CliFailure("cli.publish.notAPackage", { file: path.relative(ctx.io.cwd, file) || file });
  return parsed.data;
}

/**
 * `qudao-plugin publish [dir|file.qpkg] --url --key`: packs a directory (or takes a packed file) and
 * uploads it. The server runs the review checks on upload and answers in the CLI's language.
 */
export async function publishCommand(ctx: CliContext, options: PublishOptions): Promise<void> {
  const url = options.url ?? ctx.io.env.QUDAO_URL;
  const key = options.key ?? ctx.io.env.QUDAO_API_KEY;
  if (!url) throw new CliFailure("cli.publish.urlMissing", {}, 2);
  if (!key) throw new CliFailure("cli.publish.keyMissing", {}, 2);
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new CliFailure("cli.publish.urlInvalid", { url }, 2);
  }

  const target = path.resolve(ctx.io.cwd, options.target ?? ".");
  if (!existsSync(target)) throw new CliFailure("cli.project.fileMissing", { file: options.target ?? "." });
  const pkg = statSync(target).isDirectory() ? (await packCommand(ctx, target)).pkg : loadPackage(ctx, target);
  const id = String(pkg.manifest.id ?? "");
  const version = String(pkg.manifest.version ?? "");
  const sha256 = packageHash(pkg);

  const endpoint = new URL(`api/v1/plugins/${encodeURIComponent(id)}/versions`, base.href.endsWith("/") ? base.href : `${base.href}/`);
  ctx.say("cli.publish.uploading", { id, version, url: endpoint.origin });
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${key}`,
        "Content-Type": "application/json",
        Accept: "application/json",
        "Accept-Language": ctx.locale,
      },
      body: canonicalJson(pkg),
    });
  } catch {
    throw new CliFailure("cli.publish.unreachable", { url: endpoint.origin });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }

  if (response.status === 201) {
    const published = ZPublishedVersion.safeParse(body);
    if (!published.success) throw new CliFailure("cli.publish.unexpectedResponse", { status: response.status });
    const { status, checks } = published.data;
    if (published.data.sha256 !== sha256) ctx.complain("cli.publish.hashMismatch", { local: sha256, server: published.data.sha256 });
    printChecks(ctx, checks);
    if (status === "checks_failed") throw new CliFailure("cli.publish.checksFailed", { id, version });
    ctx.say("cli.publish.inReview", { id, version, sha256 });
    return;
  }

  const envelope = ZErrorEnvelope.safeParse(body);
  if (response.status === 409) ctx.complain("cli.publish.versionExists", { id, version });
  else if (envelope.success && [400, 401, 403, 422].includes(response.status)) {
    ctx.complain("cli.publish.refused", { status: response.status, message: envelope.data.error.message });
  } else ctx.complain("cli.publish.unexpectedResponse", { status: response.status });
  if (envelope.success) {
    for (const detail of envelope.data.error.details ?? []) {
      ctx.io.stderr(`  ${detail.path ? `${detail.path}: ` : ""}${detail.message}\n`);
    }
  }
  throw new CliFailure("cli.publish.notPublished", { id, version });
}
