/**
 * The "Download PDF" action of a plugin record whose object has a document view (ADR 026):
 * a plain link to the app's `/x/<object>/<id>/document.pdf` resource route, which core renders in the
 * reader's language.
 */
import { useTranslation } from "react-i18next";

/** Whether the object's manifest describes a document (`views.document`). */
export function hasDocumentView(object: object): boolean {
  const views = (object as { views?: { document?: unknown } }).views;
  return typeof views?.document === "object" && views.document !== null;
}

export function pluginDocumentHref(objectName: string, id: string): string {
  return `/x/${objectName}/${id}/document.pdf`;
}

export function PluginDocumentLink({ objectName, id }: { objectName: string; id: string }) {
  const { t } = useTranslation();
  return (
    <a href={pluginDocumentHref(objectName, id)} className="button" download>
      {t("recordDocuments.download")}
    </a>
  );
}
