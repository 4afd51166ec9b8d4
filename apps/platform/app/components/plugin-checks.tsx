/**
 * A plugin version's review state and automated check results, as the developer and the reviewer
 * read them (the same words on both sides). Styles: `@qudao/ui/plugins.css` (link it in the route).
 */
import { useTranslation } from "react-i18next";
import type { CheckLine, PresentedCheck } from "./plugin-checks.server";

const STATUS_CLASS = {
  passed: "plugin-status-active",
  warning: "plugin-status-pending",
  failed: "plugin-status-disabled",
  approved: "plugin-status-active",
  in_review: "plugin-status-pending",
  rejected: "plugin-status-disabled",
  checks_failed: "plugin-status-disabled",
} as const;

export type VersionStatus = "checks_failed" | "in_review" | "approved" | "rejected";

export function VersionStatusBadge({ status }: { status: VersionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${STATUS_CLASS[status]}`} data-version-status={status}>
      {t(`pluginReview.versionStatus.${status}`)}
    </span>
  );
}

/**
 * A sentence from the plugin toolchain's texts; until those are loaded (or for a code this version
 * does not know) the code itself with a translated note.
 */
function useCheckText() {
  const { t } = useTranslation();
  return (key: string, params: Record<string, string | number>, code: string) => t(key, { ...params, defaultValue: t("pluginReview.checks.untranslated", { code }) });
}

function Position({ where }: { where: string | null }) {
  const { t } = useTranslation();
  if (!where) return null;
  const match = /^(\d+):(\d+)$/.exec(where);
  return <span className="muted small">{match ? t("pluginReview.checks.position", { line: match[1], column: match[2] }) : t("pluginReview.checks.path", { path: where })}</span>;
}

function Line({ line }: { line: CheckLine }) {
  const { t } = useTranslation();
  const say = useCheckText();
  switch (line.kind) {
    case "issue":
      return (
        <li data-issue={line.code}>
          <span className={`badge ${line.severity === "error" ? STATUS_CLASS.failed : STATUS_CLASS.warning}`}>{t(`pluginReview.checks.severity.${line.severity}`)}</span> {say(line.key, line.params, line.code)}{" "}
          <Position where={line.where} />
          {line.snippet ? (
            <div>
              <code>{line.snippet}</code>
            </div>
          ) : null}
        </li>
      );
    case "note":
      return <li>{t(line.key, line.params)}</li>;
    case "test":
      return (
        <li data-test={line.name} data-passed={line.passed}>
          <span className={`badge ${line.passed ? STATUS_CLASS.passed : STATUS_CLASS.failed}`}>{t(line.passed ? "pluginReview.checks.testPassed" : "pluginReview.checks.testFailed")}</span> <strong>{line.name}</strong>{" "}
          {line.cpuMs !== null ? <span className="muted small">{t("pluginReview.checks.cpu", { ms: line.cpuMs })}</span> : null}
          {line.failure ? (
            <>
              <div>{say(line.failure.key, line.failure.params, line.failure.code)}</div>
              {line.failure.message ? <pre className="code">{line.failure.message}</pre> : null}
            </>
          ) : null}
        </li>
      );
    case "raw":
      return (
        <li>
          <code>{line.text}</code>
        </li>
      );
  }
}

export function CheckResults({ checks }: { checks: ReadonlyArray<PresentedCheck> }) {
  const { t } = useTranslation();
  if (checks.length === 0) return <p className="muted">{t("pluginReview.checks.none")}</p>;
  return (
    <ul className="plain-list" aria-label={t("pluginReview.checks.title")}>
      {checks.map((check) => (
        <li key={check.code} data-check={check.code} data-status={check.status}>
          <strong>{t(`pluginReview.checks.code.${check.code}`, { defaultValue: check.code })}</strong>{" "}
          <span className={`badge ${STATUS_CLASS[check.status]}`}>{t(`pluginReview.checks.status.${check.status}`)}</span>
          {check.lines.length > 0 ? (
            <ul>
              {check.lines.map((line, index) => (
                <Line key={index} line={line} />
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
