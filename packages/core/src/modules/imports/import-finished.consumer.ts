/**
 * Consumer of `import.finished`: tells the importing user in-app, with the counts and a link to the
 * result (the portal's import page, or the console's for a platform import). Idempotent through the
 * (sourceEventId, userId) unique key.
 */
import { db } from "../../db/index.ts";
import { isPlatformImportEntity } from "./imports.schemas.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

export async function notifyImportFinished(eventId: string, payload: DomainEvents["import.finished"]): Promise<{ created: boolean }> {
  const job = await db.importJob.findUnique({ where: { id: payload.importJobId }, select: { fileName: true, entity: true } });
  if (!job) return { created: false };
  const result = await db.notification.createMany({
    data: [
      {
        userId: payload.userId,
        type: "import.finished",
        messageKey: payload.status === "completed" ? "imports.notification.completed" : "imports.notification.failed",
        params: { fileName: job.fileName, importedRows: payload.importedRows, errorRows: payload.errorRows },
        link: isPlatformImportEntity(job.entity) ? `/orders/import/${payload.importJobId}` : `/imports/${payload.importJobId}`,
        sourceEventId: eventId,
      },
    ],
    skipDuplicates: true,
  });
  return { created: result.count > 0 };
}
