import type { FormClassNames } from "@qudao/ui/automation-rule-editor";
import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** The portal's form class names (styles.css), for forms rendered by shared components such as the rule editor. */
export const formClassNames: FormClassNames = { field: "field", fieldWithError: "field has-error", hint: "field-hint", actions: "form-actions" };

/** What a field's input/select/textarea spreads: the label link, and the error wiring for screen readers. */
export type ControlProps = {
  id: string;
  name: string;
  required?: boolean;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
};

/**
 * A labelled form control with its hint and its server-side error. The error sits under the input,
 * is linked by `aria-describedby`, and marks the input `aria-invalid`.
 */
export function Field(props: {
  form: string;
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = `${props.form}-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  const control: ControlProps = {
    id,
    name: props.name,
    ...(props.required ? { required: true } : {}),
    ...(props.error ? { "aria-invalid": true as const } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
  };
  return (
    <div className={props.error ? formClassNames.fieldWithError : formClassNames.field}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span className="required-mark" title={t("portal.form.required")} aria-hidden="true" /> : null}
      </label>
      {props.children(control)}
      {props.error ? (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      ) : null}
      {props.hint ? (
        <p id={hintId} className={formClassNames.hint}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The translated top-of-form message for a failed submission. On a phone the submit button is far
 * below it, so focus moves to the first invalid field (or to this message when no field is marked).
 */
export function FormError({ message, submission }: { message: string | undefined; submission?: unknown }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!message || !box.current) return;
    const invalid = box.current.closest("form")?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? box.current).focus();
  }, [message, submission]);
  if (!message) return null;
  return (
    <div role="alert" className="form-error" ref={box} tabIndex={-1}>
      {message}
    </div>
  );
}
