/**
 * Pipelines on plugin objects (ADR 024 addendum) in both apps: the list/board switch, a pipeline as a
 * board (columns = stages with counts, cards = records), the stage shown and changed on a record's
 * page, and the stage filter of the list. Every move is a plain form post (intent `moveStage`), so it
 * works without JavaScript; the route's action calls `customRecords.move`. Stage and pipeline names
 * come from the manifest. Styles in ./plugin-records-board.css.
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PluginAppConventions, PluginRecordView } from "./plugin-records.tsx";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

export type PluginStageKind = "open" | "won" | "lost";
export type PluginPipelineStage = { key: string; label: LocalizedText; kind: PluginStageKind; probability?: number | undefined };
/** A pipeline on a plugin object, as the manifest contributes it (`pluginInstalls.ui` → `pipelines`). */
export type PluginPipeline = { name: string; object: string; label: LocalizedText; stages: ReadonlyArray<PluginPipelineStage> };
export type PluginBoardColumn = { stage: string; kind: PluginStageKind; count: number; records: ReadonlyArray<PluginRecordView> };

/** The form intent of a stage move, for the route's action. */
export const STAGE_MOVE_INTENT = "moveStage";

function stageOf(pipeline: PluginPipeline, key: unknown): PluginPipelineStage | undefined {
  return pipeline.stages.find((s) => s.key === key);
}

/** "已关闭 · 成功" / "已关闭 · 未成功": a record in a won or lost stage. */
export function PluginClosedBadge({ kind }: { kind: PluginStageKind | undefined }) {
  const { t } = useTranslation();
  if (kind !== "won" && kind !== "lost") return null;
  return <span className={`badge plugin-badge plugin-closed plugin-closed-${kind}`}>{t(`pluginPipelines.closed.${kind}`)}</span>;
}

/** A record's stage in a pipeline, in words (for list cells). */
export function PluginStageValue({ pipeline, value }: { pipeline: PluginPipeline; value: unknown }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const stage = stageOf(pipeline, value);
  if (!stage) return <span className="muted">{t("pluginPipelines.stage.none")}</span>;
  return (
    <span className={`plugin-stage plugin-stage-${stage.kind}`}>
      {text(stage.label)}
      <PluginClosedBadge kind={stage.kind} />
    </span>
  );
}

/** Links between the list and one board per pipeline; the current view is marked. */
export function PluginViewTabs({ pipelines, board, listHref, boardHref }: { pipelines: ReadonlyArray<PluginPipeline>; board: string | null; listHref: string; boardHref: (pipeline: string) => string }) {
  const { t } = useTranslation();
  const text = usePluginText();
  if (pipelines.length === 0) return null;
  return (
    <nav className="plugin-view-tabs" aria-label={t("pluginPipelines.view.label")}>
      <Link to={listHref} aria-current={board === null ? "page" : undefined}>
        {t("pluginPipelines.view.list")}
      </Link>
      {pipelines.map((p) => (
        <Link key={p.name} to={boardHref(p.name)} aria-current={board === p.name ? "page" : undefined}>
          {t("pluginPipelines.view.board", { pipeline: text(p.label) })}
        </Link>
      ))}
    </nav>
  );
}

/**
 * Move one record to another stage: a select of the other stages and a button, posted as a form.
 * `label` names what moves (read by screen readers; shown unless `hideLabel`).
 */
export function PluginStageMoveForm({ pipeline, recordId, current, label, hideLabel, busy }: { pipeline: PluginPipeline; recordId: string; current: unknown; label: string; hideLabel?: boolean; busy: boolean }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const others = pipeline.stages.filter((s) => s.key !== current);
  const index = pipeline.stages.findIndex((s) => s.key === current);
  // The usual next step is preselected: the stage after the current one, else the first other.
  const next = pipeline.stages[index + 1]?.key ?? others[0]?.key ?? "";
  const id = `move-${pipeline.name}-${recordId}`;
  return (
    <Form method="post" className="plugin-stage-move" preventScrollReset>
      <input type="hidden" name="intent" value={STAGE_MOVE_INTENT} />
      <input type="hidden" name="id" value={recordId} />
      <input type="hidden" name="pipeline" value={pipeline.name} />
      <label htmlFor={id} className={hideLabel ? "plugin-visually-hidden" : undefined}>
        {label}
      </label>
      <select id={id} name="stage" defaultValue={next}>
        {others.map((s) => (
          <option key={s.key} value={s.key}>
            {text(s.label)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy}>
        {t("pluginPipelines.board.moveButton")}
      </button>
    </Form>
  );
}

/**
 * A pipeline as a board: one column per stage (manifest order) with its count, the newest records as
 * cards linking to their pages, and on each card a move form. A column holding more than it shows
 * links to the list filtered by that stage.
 */
export function PluginRecordBoard({
  objectName,
  pipeline,
  columns,
  app,
  mayMove,
  busy,
  stageListHref,
}: {
  objectName: string;
  pipeline: PluginPipeline;
  columns: ReadonlyArray<PluginBoardColumn>;
  app: PluginAppConventions;
  mayMove: boolean;
  busy: boolean;
  stageListHref: (stage: string) => string;
}) {
  const { t } = useTranslation();
  const text = usePluginText();
  return (
    <div className="plugin-board" role="region" aria-label={t("pluginPipelines.board.label", { pipeline: text(pipeline.label) })}>
      {pipeline.stages.map((stage) => {
        const column = columns.find((c) => c.stage === stage.key);
        const records = column?.records ?? [];
        const count = column?.count ?? 0;
        const headingId = `board-${pipeline.name}-${stage.key}`;
        return (
          <section key={stage.key} className={`plugin-board-column kind-${stage.kind}`} aria-labelledby={headingId} data-stage={stage.key}>
            <h2 id={headingId}>
              <span className="plugin-board-stage">{text(stage.label)}</span>
              <span className="plugin-board-count">{t("pluginPipelines.board.count", { count })}</span>
            </h2>
            {records.length === 0 ? (
              <p className="plugin-board-empty">{t("pluginPipelines.board.empty")}</p>
            ) : (
              <ul className="plugin-board-cards">
                {records.map((record) => (
                  <li key={record.id}>
                    <article className="plugin-board-card" data-record-id={record.id} aria-label={record.title}>
                      <Link to={app.recordHref(objectName, record.id)} className="plugin-board-title">
                        {record.title}
                      </Link>
                      <PluginClosedBadge kind={stage.kind} />
                      {mayMove && !record.locked ? (
                        <PluginStageMoveForm pipeline={pipeline} recordId={record.id} current={stage.key} label={t("pluginPipelines.board.moveLabel", { title: record.title })} hideLabel busy={busy} />
                      ) : null}
                    </article>
                  </li>
                ))}
              </ul>
            )}
            {count > records.length ? (
              <Link to={stageListHref(stage.key)} className="plugin-board-more">
                {t("pluginPipelines.board.more", { count: count - records.length })}
              </Link>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

/**
 * A record's stages on its page: per pipeline, the steps with the current one marked, whether the
 * record is closed (and since when), and the move form.
 */
export function PluginRecordStages({
  pipelines,
  record,
  app,
  mayMove,
  busy,
  formatDate,
}: {
  pipelines: ReadonlyArray<PluginPipeline>;
  record: PluginRecordView;
  app: PluginAppConventions;
  mayMove: boolean;
  busy: boolean;
  formatDate: (value: string | Date) => string;
}) {
  const { t } = useTranslation();
  const text = usePluginText();
  if (pipelines.length === 0) return null;
  return (
    <>
      {pipelines.map((pipeline) => {
        const current = record.values[pipeline.name];
        const stage = stageOf(pipeline, current);
        const headingId = `stages-${pipeline.name}`;
        return (
          <section key={pipeline.name} className={`${app.classNames.card} plugin-stages`} aria-labelledby={headingId} data-pipeline={pipeline.name}>
            <h2 id={headingId}>{t("pluginPipelines.stage.current", { pipeline: text(pipeline.label) })}</h2>
            <ol className="plugin-stage-steps">
              {pipeline.stages.map((s) => (
                <li key={s.key} className={`kind-${s.kind}`} aria-current={s.key === current ? "step" : undefined}>
                  {text(s.label)}
                </li>
              ))}
            </ol>
            <p className="plugin-stage-now">
              <strong data-stage={stage?.key ?? ""}>{stage ? text(stage.label) : t("pluginPipelines.stage.none")}</strong>
              <PluginClosedBadge kind={stage?.kind} />
              {record.closedAt && (stage?.kind === "won" || stage?.kind === "lost") ? (
                <span className="muted" suppressHydrationWarning>
                  {t("pluginPipelines.closed.at", { date: formatDate(record.closedAt) })}
                </span>
              ) : null}
            </p>
            {mayMove && !record.locked ? <PluginStageMoveForm pipeline={pipeline} recordId={record.id} current={current} label={t("pluginPipelines.stage.change")} busy={busy} /> : null}
          </section>
        );
      })}
    </>
  );
}

/** The list's stage filter: one select, stages grouped by pipeline (value `<pipeline>:<stage>`). */
export function PluginStageFilter({ pipelines, value }: { pipelines: ReadonlyArray<PluginPipeline>; value: string }) {
  const { t } = useTranslation();
  const text = usePluginText();
  if (pipelines.length === 0) return null;
  const only = pipelines.length === 1 ? pipelines[0]! : null;
  return (
    <label className="plugin-stage-filter">
      <span>{only ? t("pluginPipelines.filter.label", { pipeline: text(only.label) }) : t("pluginPipelines.filter.labelMany")}</span>
      <select name="stage" defaultValue={value}>
        <option value="">{t("pluginPipelines.filter.all")}</option>
        {only
          ? only.stages.map((s) => (
              <option key={s.key} value={`${only.name}:${s.key}`}>
                {text(s.label)}
              </option>
            ))
          : pipelines.map((p) => (
              <optgroup key={p.name} label={text(p.label)}>
                {p.stages.map((s) => (
                  <option key={s.key} value={`${p.name}:${s.key}`}>
                    {text(s.label)}
                  </option>
                ))}
              </optgroup>
            ))}
      </select>
    </label>
  );
}
