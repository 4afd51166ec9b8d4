/**
 * Consumer of `import.finished`: tells the importing user in-app, with the counts and a link to the
 * result (the portal's import page, the console's for a platform import, the object's page for plugin records). Idempotent through the
 * (sourceEventId, userId) unique key.
 */
import { db } from "../../db/index.ts";
import { isPlatformImportEntity, PLUGIN_RECORDS_ENTITY, type TImportEntity } from "./imports.schemas.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

/** The result page: the object's import page for plugin records (both apps), the console's for a platform import, else the portal's. */
function importLink(job: { entity: TImportEntity; object: string | null }, id: string): string {
  if (job.entity === PLUGIN_RECORDS_ENTITY && job.object) return `/x/${job.object}/import/${id}`;
  return isPlatformImportEntity(job.entity) ? `/orders/import/${id}` : `/imports/${id}`;
}

export async function notifyImportFinished(eventId: string, payload: DomainEvents["import.finished"]): Promise<{ created: boolean }> {
  const job = await db.importJob.findUnique({ where: { id: payload.importJobId }, select: { fileName: true, entity: true, object: true } });
  if (!job) return { created: false };
  const result = await db.notification.createMany({
    data: [
      {
        userId: payload.userId,
        type: "import.finished",
        messageKey: payload.status === "completed" ? "imports.notification.completed" : "imports.notification.failed",
        params: { fileName: job.fileName, importedRows: payload.importedRows, errorRows: payload.errorRows },
        link: importLink(job, payload.importJobId),
        sourceEventId: eventId,
      },
    ],
    skipDuplicates: true,
  });
  return { created: result.count > 0 };
}
