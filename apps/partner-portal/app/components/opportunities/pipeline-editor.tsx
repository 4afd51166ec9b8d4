import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/form-field";

export type StageRow = { id?: string | undefined; name: string; probability: string; kind: "open" | "won" | "lost" };
type Keyed = StageRow & { key: string };

const KINDS = ["open", "won", "lost"] as const;

/** The submitted stage rows, in order (`stages.0.name`, `stages.0.probability`, …), as typed. */
export function readStageRows(form: FormData): StageRow[] {
  const rows: StageRow[] = [];
  for (let i = 0; form.has(`stages.${i}.name`); i++) {
    const id = String(form.get(`stages.${i}.id`) ?? "");
    const kind = String(form.get(`stages.${i}.kind`) ?? "open");
    rows.push({
      ...(id ? { id } : {}),
      name: String(form.get(`stages.${i}.name`) ?? ""),
      probability: String(form.get(`stages.${i}.probability`) ?? ""),
      kind: (KINDS as readonly string[]).includes(kind) ? (kind as StageRow["kind"]) : "open",
    });
  }
  return rows;
}

/** Rows as the API takes them (core validates names, probabilities and the set). */
export function stageInput(rows: StageRow[]) {
  return rows.map((row) => ({ ...(row.id ? { id: row.id } : {}), name: row.name, probability: row.probability === "" ? Number.NaN : Number(row.probability), kind: row.kind }));
}

/**
 * A pipeline's name and its ordered stage list: move rows up and down, add and remove them. Removing
 * a stage archives it (refused while it holds open deals). Errors come back per row ("stages.2.name").
 */
export function PipelineEditor(props: {
  name: string;
  isDefault: boolean | null;
  rows: StageRow[];
  fieldErrors: Record<string, string>;
  formError?: string | undefined;
  submission?: unknown;
  submitLabel: string;
  busy: boolean;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Keyed[]>(() => props.rows.map((row, i) => ({ ...row, key: row.id ?? `new-${i}` })));
  const [added, setAdded] = useState(0);
  const update = (index: number, patch: Partial<StageRow>) => setRows((list) => list.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const swap = (index: number, other: number) =>
    setRows((list) => {
      if (other < 0 || other >= list.length) return list;
      const next = [...list];
      [next[index], next[other]] = [next[other]!, next[index]!];
      return next;
    });
  const error = (path: string) => props.fieldErrors[path];
  return (
    <Form method="post" noValidate className="card pipeline-editor" aria-busy={props.busy}>
      <FormError message={props.formError} submission={props.submission} />
      <div className="field">
        <label htmlFor="pipeline-name">{t("pipeline.editor.name")}</label>
        <input
          id="pipeline-name"
          name="name"
          type="text"
          maxLength={100}
          defaultValue={props.name}
          disabled={props.readOnly}
          aria-invalid={error("name") ? true : undefined}
          aria-describedby={error("name") ? "pipeline-name-error" : undefined}
        />
        {error("name") ? (
          <p id="pipeline-name-error" className="field-error">
            {error("name")}
          </p>
        ) : null}
      </div>
      {props.isDefault !== null ? (
        <label className="checkbox-field">
          <input type="checkbox" name="isDefault" value="true" defaultChecked={props.isDefault} disabled={props.readOnly} />
          <span>
            {t("pipeline.editor.isDefault")} <span className="muted">{t("pipeline.editor.isDefaultHint")}</span>
          </span>
        </label>
      ) : null}
      <fieldset className="choice-group" aria-describedby={error("stages") ? "stages-error" : "stages-hint"}>
        <legend>{t("pipeline.editor.stages")}</legend>
        <p id="stages-hint" className="field-hint">
          {t("pipeline.editor.removeHint")}
        </p>
        {error("stages") ? (
          <p id="stages-error" className="field-error" role="alert">
            {error("stages")}
          </p>
        ) : null}
        <ol className="stage-rows">
          {rows.map((row, i) => (
            <li key={row.key} className="stage-row" data-stage-row={i}>
              <div className="stage-row-head">
                <span>{t("pipeline.editor.position", { position: i + 1 })}</span>
                {props.readOnly ? null : (
                  <span className="stage-row-actions">
                    <button type="button" onClick={() => swap(i, i - 1)} disabled={i === 0}>
                      {t("pipeline.editor.moveUp")}
                    </button>
                    <button type="button" onClick={() => swap(i, i + 1)} disabled={i === rows.length - 1}>
                      {t("pipeline.editor.moveDown")}
                    </button>
                    <button type="button" className="danger" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                      {t("pipeline.editor.remove")}
                    </button>
                  </span>
                )}
              </div>
              {row.id ? <input type="hidden" name={`stages.${i}.id`} value={row.id} /> : null}
              <div className="stage-row-fields">
                <div className="field">
                  <label htmlFor={`stage-${row.key}-name`}>{t("pipeline.editor.stageName")}</label>
                  <input
                    id={`stage-${row.key}-name`}
                    name={`stages.${i}.name`}
                    type="text"
                    maxLength={60}
                    value={row.name}
                    disabled={props.readOnly}
                    onChange={(e) => update(i, { name: e.target.value })}
                    aria-invalid={error(`stages.${i}.name`) ? true : undefined}
                  />
                  {error(`stages.${i}.name`) ? <p className="field-error">{error(`stages.${i}.name`)}</p> : null}
                  {error(`stages.${i}.id`) ? <p className="field-error">{error(`stages.${i}.id`)}</p> : null}
                </div>
                <div className="field">
                  <label htmlFor={`stage-${row.key}-probability`}>{t("pipeline.editor.probability")}</label>
                  <input
                    id={`stage-${row.key}-probability`}
                    name={`stages.${i}.probability`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={100}
                    step={1}
                    value={row.probability}
                    disabled={props.readOnly}
                    onChange={(e) => update(i, { probability: e.target.value })}
                    aria-invalid={error(`stages.${i}.probability`) ? true : undefined}
                  />
                  {error(`stages.${i}.probability`) ? <p className="field-error">{error(`stages.${i}.probability`)}</p> : null}
                </div>
                <div className="field">
                  <label htmlFor={`stage-${row.key}-kind`}>{t("pipeline.editor.kind")}</label>
                  <select
                    id={`stage-${row.key}-kind`}
                    name={`stages.${i}.kind`}
                    value={row.kind}
                    disabled={props.readOnly}
                    onChange={(e) => update(i, { kind: e.target.value as StageRow["kind"] })}
                  >
                    {KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {t(`pipeline.kind.${kind}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            </li>
          ))}
        </ol>
        {props.readOnly ? null : (
          <button
            type="button"
            onClick={() => {
              setRows((list) => {
                // New stages go before the won and lost stages, where a deal is still open.
                const closing = list.findIndex((r) => r.kind !== "open");
                const at = closing === -1 ? list.length : closing;
                return [...list.slice(0, at), { key: `added-${added}`, name: "", probability: "50", kind: "open" }, ...list.slice(at)];
              });
              setAdded((n) => n + 1);
            }}
          >
            {t("pipeline.editor.addStage")}
          </button>
        )}
      </fieldset>
      {props.readOnly ? null : (
        <div className="form-actions">
          <button type="submit" className="primary" name="intent" value="save" disabled={props.busy}>
            {props.submitLabel}
          </button>
        </div>
      )}
    </Form>
  );
}
