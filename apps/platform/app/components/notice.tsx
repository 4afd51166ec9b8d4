import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Success messages shown after a redirect (`?notice=partnerCreated`). Unknown names show nothing. */
const NOTICES = [
  "partnerCreated",
  "partnerSaved",
  "userAdded",
  "leadSaved",
  "apiKeyRevoked",
  "registrationApproved",
  "registrationRejected",
  "extensionApproved",
  "extensionRejected",
  "customerTransferred",
  "customerReleased",
  "customersMerged",
  "mergeReversed",
  "settingsSaved",
] as const;
export type NoticeName = (typeof NOTICES)[number];

export function withNotice(path: string, notice: NoticeName): string {
  return `${path}${path.includes("?") ? "&" : "?"}notice=${notice}`;
}

export function Notice() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const name = NOTICES.find((n) => n === params.get("notice"));
  if (!name) return null;
  return (
    <p role="status" className="notice">
      {t(`platform.notices.${name}`)}
    </p>
  );
}
