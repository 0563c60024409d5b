import type { ComponentChildren } from 'preact';

export interface FieldProps {
  /** Also the id prefix of the error text (`<id>-error`), for aria-describedby. */
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  children: ComponentChildren;
}

/** A labelled control with its error right beside it (the server's parseConfig sentence). */
export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div class={`field${error === undefined ? '' : ' has-error'}`} data-field={id}>
      <label for={id}>{label}</label>
      {children}
      {hint !== undefined && <p class="hint">{hint}</p>}
      {error !== undefined && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A message about the whole form (a problem elsewhere in the file, a network failure), with any further problems listed. */
export function FormError({ message, list }: { message: string | undefined; list?: string[] | undefined }) {
  if (message === undefined) return null;
  return (
    <div class="form-error" role="alert">
      <p>{message}</p>
      {list !== undefined && list.length > 0 && (
        <ul class="problem-list">
          {list.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
