import { useEffect, useRef, useState } from 'preact/hooks';

/** Wait this long after the last keystroke before asking for suggestions. */
const DEBOUNCE_MS = 150;

/** Props of {@link SuggestCombobox}. */
export interface SuggestComboboxProps {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly hint: string;
  readonly defaultValue: string;
  /** Suggestions for what was typed; may reject (offline): then there are none. */
  readonly suggest: (text: string) => Promise<readonly string[]>;
  /** A suggestion was chosen (Enter on it, or a click): the form is submitted with it. */
  readonly onChoose: (value: string) => void;
}

/**
 * A text box with a list of suggestions: the ARIA 1.2 combobox pattern with list autocomplete
 * (docs/adr/0095). Focus stays in the input; Down/Up move the highlighted option (shown by
 * `aria-activedescendant`), Enter takes it, Escape closes the list (or clears the box when it is
 * already closed), Alt+Down opens it without choosing. Enter with nothing highlighted submits the
 * form as typed.
 */
export function SuggestCombobox(props: SuggestComboboxProps) {
  const [value, setValue] = useState(props.defaultValue);
  const [options, setOptions] = useState<readonly string[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const asked = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const listId = `${props.id}-listbox`;
  const hintId = `${props.id}-hint`;
  const optionId = (i: number) => `${props.id}-option-${i}`;

  useEffect(() => () => clearTimeout(timer.current), []);

  const ask = (text: string) => {
    clearTimeout(timer.current);
    const mine = ++asked.current;
    if (!text.trim()) {
      setOptions([]);
      setOpen(false);
      return;
    }
    timer.current = setTimeout(() => {
      props.suggest(text.trim()).then(
        (found) => {
          if (mine !== asked.current) return; // an answer to an older keystroke
          setOptions(found);
          setActive(-1);
          setOpen(found.length > 0);
        },
        () => {
          if (mine === asked.current) setOpen(false);
        },
      );
    }, DEBOUNCE_MS);
  };

  const choose = (option: string) => {
    asked.current++; // a late answer must not reopen the list
    clearTimeout(timer.current);
    setValue(option);
    setOpen(false);
    setActive(-1);
    props.onChoose(option);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = options.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return;
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(event.altKey ? -1 : 0);
        } else setActive((active + 1) % count);
        return;
      case 'ArrowUp':
        if (count === 0) return;
        event.preventDefault();
        if (!open) setOpen(true);
        setActive(active <= 0 ? count - 1 : active - 1);
        return;
      case 'Enter':
        if (open && active >= 0 && options[active] !== undefined) {
          event.preventDefault();
          choose(options[active] as string);
        } else setOpen(false);
        return;
      case 'Escape':
        event.preventDefault();
        if (open) {
          setOpen(false);
          setActive(-1);
        } else {
          asked.current++;
          setValue('');
          setOptions([]);
        }
        return;
      default:
    }
  };

  const expanded = open && options.length > 0;
  return (
    <div class="field combobox">
      <label for={props.id}>{props.label}</label>
      <p id={hintId} class="hint field-hint">
        {props.hint}
      </p>
      <input
        id={props.id}
        name={props.name}
        type="text"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-describedby={hintId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={value}
        onInput={(event) => {
          const text = (event.currentTarget as HTMLInputElement).value;
          setValue(text);
          ask(text);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <div id={listId} role="listbox" aria-label="Suggestions" class="combobox-list" hidden={!expanded}>
        {options.map((option, i) => (
          // Options are chosen with the keys above while focus stays in the input (aria-activedescendant),
          // so they are not focusable themselves; the mouse gets a click.
          // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard handling is on the combobox input (ARIA 1.2)
          // biome-ignore lint/a11y/useFocusableInteractive: options of an aria-activedescendant listbox take no focus
          <div
            key={option}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            class={i === active ? 'combobox-option active' : 'combobox-option'}
            // mousedown would blur the input (closing the list) before the click lands.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(option)}
          >
            {option}
          </div>
        ))}
      </div>
    </div>
  );
}
