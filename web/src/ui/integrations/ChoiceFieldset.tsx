/**
 * A group of checkboxes with its legend and error (the scopes of a key or client, the event types
 * of an endpoint). The fieldset takes focus when the form names it as missing, so its id is the
 * one to focus; each box's id is `${prefix}-${value}`.
 */
export function ChoiceFieldset<T extends string>(props: {
  id: string;
  legend: string;
  prefix: string;
  options: readonly T[];
  selected: readonly T[];
  onChange: (selected: T[]) => void;
  error?: string | undefined;
  /** Words after an option's name, e.g. a volume warning. */
  hints?: Partial<Record<T, string>>;
}) {
  const errorId = `${props.id}-error`;
  return (
    <fieldset
      id={props.id}
      class="choice"
      tabIndex={-1}
      {...(props.error ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {})}
    >
      <legend>{props.legend}</legend>
      {props.error ? (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      ) : null}
      {props.options.map((option) => (
        <label key={option} class="choice-option">
          <input
            id={`${props.prefix}-${option}`}
            type="checkbox"
            checked={props.selected.includes(option)}
            onChange={(e) =>
              props.onChange(
                (e.target as HTMLInputElement).checked
                  ? [...props.selected, option]
                  : props.selected.filter((s) => s !== option),
              )
            }
          />
          {option}
          {props.hints?.[option] ?? ''}
        </label>
      ))}
    </fieldset>
  );
}
