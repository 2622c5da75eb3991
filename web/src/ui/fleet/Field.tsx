import type { ComponentChildren } from 'preact';

/** A labelled input with its hint and error tied to it (aria-describedby, aria-invalid). */
export function Field(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (aria: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p id={`${props.id}-hint`} class="hint field-hint">
          {props.hint}
        </p>
      ) : null}
      {props.children({
        id: props.id,
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {props.error ? (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
