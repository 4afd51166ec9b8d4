/**
 * Loader and action side of the plugin-object import pages, the same in both apps: the history of an
 * importable object's imports, an uploaded file handed to core, one import with its preview, and its
 * start. Core checks the object, the file, the mapping and every row; the routes only add their app's
 * error pages, permissions and layout.
 */
import type { TImportMode } from "@qudao/core/schemas";
import { PLUGIN_RECORDS_ENTITY } from "@qudao/core/schemas";
import { DomainError, notFound, type createCaller } from "@qudao/core/server";
import { isImportableObject, pluginImportMapping } from "./plugin-import.tsx";
import { installedPluginObject } from "./plugin-records.server.ts";

type Caller = ReturnType<typeof createCaller>;
type Surface = "platform" | "portal";

const HISTORY_PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An importable object's earlier imports the caller may see, a page from `?cursor=` (ignored unless an
 * id). `mayImport` false: the object exists (else 404) but the page is not the caller's (403).
 */
export async function pluginImportHistory(caller: Caller, surface: Surface, objectName: string, url: URL, locale: string, mayImport = true) {
  const { object, labelPlural } = await installedPluginObject(caller, surface, objectName, locale);
  if (!isImportableObject(object)) throw notFound("CustomObject");
  if (!mayImport) throw new DomainError("FORBIDDEN");
  const cursorParam = url.searchParams.get("cursor") ?? "";
  const cursor = UUID.test(cursorParam) ? cursorParam : "";
  const page = await caller.imports.list({ entity: PLUGIN_RECORDS_ENTITY, object: object.name, limit: HISTORY_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
  return { objectName: object.name, labelPlural, cursor, ...page };
}

/** The uploaded file goes to core base64-encoded, the way the REST API takes it; returns the new import's page. */
export async function uploadPluginImport(caller: Caller, objectName: string, form: FormData): Promise<string> {
  const file = form.get("file");
  const upload = file instanceof File && file.size > 0 ? file : null;
  const content = upload ? Buffer.from(await upload.arrayBuffer()).toString("base64") : "";
  const job = await caller.imports.create({ entity: PLUGIN_RECORDS_ENTITY, object: objectName, fileName: upload?.name || "import.csv", content });
  return `/x/${objectName}/import/${job.id}`;
}

/** One import of the object: before it runs, the preview under the mapping in the address; a job of another object is not here. */
export async function pluginImportJob(caller: Caller, surface: Surface, objectName: string, importId: string, url: URL, locale: string) {
  const { object, labelPlural } = await installedPluginObject(caller, surface, objectName, locale);
  const job = await caller.imports.get({ id: importId });
  if (job.object !== object.name) throw notFound("ImportJob");
  const chosen = pluginImportMapping(url.searchParams);
  const preview = job.status === "uploaded" ? await caller.imports.preview({ id: importId, ...(chosen ? { mapping: chosen } : {}) }) : null;
  return { objectName: object.name, labelPlural, job, preview };
}

/** Starts the import with the submitted mode and mapping; returns its page. */
export async function startPluginImport(caller: Caller, objectName: string, importId: string, form: FormData): Promise<string> {
  const mapping = pluginImportMapping(form.entries());
  await caller.imports.start({ id: importId, mode: String(form.get("mode") ?? "") as TImportMode, ...(mapping ? { mapping } : {}) });
  return `/x/${objectName}/import/${importId}`;
}
