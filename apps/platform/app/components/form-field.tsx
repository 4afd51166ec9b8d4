import type { FormClassNames } from "@qudao/ui/automation-rule-editor";
import { useId, type ReactElement } from "react";
import { useTranslation } from "react-i18next";

/** The console's form class names (styles.css), for forms rendered by shared components such as the rule editor. */
export const formClassNames: FormClassNames = { field: "field", fieldWithError: "field", hint: "hint", actions: "actions" };

export type ControlProps = {
  id: string;
  name: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  "aria-required": true | undefined;
};

/**
 * A labelled form control with its hint and per-field error, wired for screen readers
 * (`aria-invalid`, `aria-describedby`). The control itself is rendered by `children`.
 */
export function FormField({
  label,
  name,
  error,
  hint,
  required,
  children,
}: {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  children: (control: ControlProps) => ReactElement;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? formClassNames.fieldWithError : formClassNames.field}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required" title={t("platform.required")}>
            {" *"}
          </span>
        ) : null}
      </label>
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, "aria-required": required ? true : undefined })}
      {hint ? (
        <p id={hintId} className={formClassNames.hint}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level message of a failed action, unless every problem is already shown under a field. */
export function FormError({ error, fieldNames }: { error?: { message: string; fields: Record<string, string> } | undefined; fieldNames: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fieldPaths = Object.keys(error.fields);
  const unplaced = fieldPaths.filter((path) => !fieldNames.includes(path));
  const message = fieldPaths.length > 0 && unplaced.length === 0 ? t("errors.VALIDATION_FAILED") : error.message;
  return (
    <p role="alert" className="form-error">
      {message}
      {unplaced.map((path) => (
        <span key={path}>
          {" "}
          {error.fields[path]}
        </span>
      ))}
    </p>
  );
}
