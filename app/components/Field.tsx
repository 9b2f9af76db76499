import type { InputHTMLAttributes, ReactNode } from "react";

/** The aria wiring a control needs to be read together with its hint and error. */
export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

interface FieldShellProps {
  id: string;
  label: ReactNode;
  /** Shown under the label, before the control: how to fill it in. */
  hint?: ReactNode;
  /** Already translated; shown under the control and announced with it. */
  error?: string | null;
  /** Renders the control (select, textarea…) with the aria props spread on it. */
  children: (control: ControlProps) => ReactNode;
}

/**
 * Label above, hint, control, error below, for any kind of control. The control is described by
 * the hint and the error, and marked invalid when there is one.
 */
export function FieldShell({ id, label, hint, error, children }: FieldShellProps) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId ?? undefined}>
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p className="field-error" id={errorId ?? undefined}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Defaults to the name; set it when one page has two inputs of the same name. */
  id?: string;
};

/** A labelled text-like input with hint and error: `<Field name="phone" type="tel" label=… error=… />`. */
export function Field({ name, label, hint, error, id, ...input }: FieldProps) {
  return (
    <FieldShell id={id ?? name} label={label} hint={hint} error={error}>
      {(control) => <input name={name} {...input} {...control} />}
    </FieldShell>
  );
}

export interface SummaryError {
  /** The id of the field, linked to so a keyboard or screen-reader user can jump to it. */
  fieldId: string;
  label: ReactNode;
  message: string;
}

/**
 * The error summary at the top of a form (role="alert", so it is announced after a failed
 * submit): the form's message and a link to each field in error.
 */
export function ErrorSummary({ message, errors = [] }: { message: string | null; errors?: SummaryError[] }) {
  if (!message && !errors.length) return null;
  return (
    <div className="form-error" role="alert">
      {message ? <p className="form-error-message">{message}</p> : null}
      {errors.length ? (
        <ul>
          {errors.map((e) => (
            <li key={e.fieldId}>
              <a href={`#${e.fieldId}`}>
                {e.label}: {e.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
