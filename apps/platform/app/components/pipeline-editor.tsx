import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

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
 * The platform's pipeline editor: the ordered stage list (move, add, remove — removing archives the
 * stage, refused while it holds open deals anywhere). Errors come back per row ("stages.2.name").
 */
export function PipelineEditor(props: {
  name: string;
  rows: StageRow[];
  error?: { message: string; fields: Record<string, string> } | undefined;
  busy: boolean;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Keyed[]>(() => props.rows.map((row, i) => ({ ...row, key: row.id ?? `new-${i}` })));
  const [added, setAdded] = useState(0);
  const fields = props.error?.fields ?? {};
  const update = (index: number, patch: Partial<StageRow>) => setRows((list) => list.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const swap = (index: number, other: number) =>
    setRows((list) => {
      if (other < 0 || other >= list.length) return list;
      const next = [...list];
      [next[index], next[other]] = [next[other]!, next[index]!];
      return next;
    });
  return (
    <Form method="post" noValidate className="card" aria-busy={props.busy}>
      {props.error ? (
        <p role="alert" className="form-error">
          {props.error.message}
        </p>
      ) : null}
      <label>
        {t("pipeline.editor.name")}
        <input name="name" type="text" maxLength={100} defaultValue={props.name} disabled={props.readOnly} aria-invalid={fields.name ? true : undefined} />
        {fields.name ? <span className="field-error">{fields.name}</span> : null}
      </label>
      <h2>{t("pipeline.editor.stages")}</h2>
      <p className="hint">{t("pipeline.editor.removeHint")}</p>
      {fields.stages ? <p className="field-error">{fields.stages}</p> : null}
      <ol className="stage-rows">
        {rows.map((row, i) => (
          <li key={row.key} className="stage-row">
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
                  <button type="button" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                    {t("pipeline.editor.remove")}
                  </button>
                </span>
              )}
            </div>
            {row.id ? <input type="hidden" name={`stages.${i}.id`} value={row.id} /> : null}
            <div className="stage-row-fields">
              <label>
                {t("pipeline.editor.stageName")}
                <input name={`stages.${i}.name`} type="text" maxLength={60} value={row.name} disabled={props.readOnly} onChange={(e) => update(i, { name: e.target.value })} aria-invalid={fields[`stages.${i}.name`] ? true : undefined} />
                {fields[`stages.${i}.name`] ? <span className="field-error">{fields[`stages.${i}.name`]}</span> : null}
              </label>
              <label>
                {t("pipeline.editor.probability")}
                <input name={`stages.${i}.probability`} type="number" min={0} max={100} step={1} value={row.probability} disabled={props.readOnly} onChange={(e) => update(i, { probability: e.target.value })} aria-invalid={fields[`stages.${i}.probability`] ? true : undefined} />
                {fields[`stages.${i}.probability`] ? <span className="field-error">{fields[`stages.${i}.probability`]}</span> : null}
              </label>
              <label>
                {t("pipeline.editor.kind")}
                <select name={`stages.${i}.kind`} value={row.kind} disabled={props.readOnly} onChange={(e) => update(i, { kind: e.target.value as StageRow["kind"] })}>
                  {KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`pipeline.kind.${kind}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </li>
        ))}
      </ol>
      {props.readOnly ? null : (
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              setRows((list) => {
                const closing = list.findIndex((r) => r.kind !== "open");
                const at = closing === -1 ? list.length : closing;
                return [...list.slice(0, at), { key: `added-${added}`, name: "", probability: "50", kind: "open" }, ...list.slice(at)];
              });
              setAdded((n) => n + 1);
            }}
          >
            {t("pipeline.editor.addStage")}
          </button>
          <button type="submit" className="primary" disabled={props.busy}>
            {t("pipeline.editor.save")}
          </button>
        </div>
      )}
    </Form>
  );
}
