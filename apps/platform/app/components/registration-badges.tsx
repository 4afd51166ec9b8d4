import { useTranslation } from "react-i18next";

/** A registration's status, in core's ownership.status words. */
export function RegistrationStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge registration-${status}`}>{t(`ownership.status.${status}`)}</span>;
}

/** Shown only while something happened to the extension (none → nothing). */
export function ExtensionBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  if (status === "none") return null;
  return <span className={`badge extension-${status}`}>{t(`ownership.extensionStatus.${status}`)}</span>;
}

/** "企业 / 个人". */
export function CustomerKind({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <span className="muted">{t(`platform.customerKind.${kind}`)}</span>;
}
