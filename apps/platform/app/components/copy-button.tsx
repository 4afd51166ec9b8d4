import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** Copies `text` to the clipboard; hidden where the Clipboard API is unavailable (plain http hosts). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [available, setAvailable] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setAvailable(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!available) return null;
  return (
    <span className="copy">
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard.writeText(text).then(() => setCopied(true));
        }}
      >
        {label}
      </button>
      <span role="status" className="muted small">
        {copied ? t("platform.apiKeys.copied") : ""}
      </span>
    </span>
  );
}
