import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * A secret or key the API answers once: a read-only field with a Copy button, a warning that it
 * will not be shown again, and "Copied" in a live region. Its heading takes focus when it appears,
 * so a keyboard or screen-reader user lands on it.
 */
export function SecretOnce(props: { id: string; title: string; label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => headingRef.current?.focus(), [props.value]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied('copied');
    } catch {
      inputRef.current?.select();
      setCopied('failed');
    }
  };
  return (
    <section class="secret-once" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`} tabIndex={-1} ref={headingRef}>
        {props.title}
      </h2>
      <p id={`${props.id}-warning`} class="secret-warning">
        <strong>⚠ Copy it now: it will not be shown again.</strong> Store it where your integration reads its secrets.
      </p>
      <label for={props.id}>{props.label}</label>
      <input
        ref={inputRef}
        id={props.id}
        type="text"
        class="secret-value"
        readOnly
        value={props.value}
        aria-describedby={`${props.id}-warning`}
        spellcheck={false}
        autoComplete="off"
      />
      <div class="secret-actions">
        <button type="button" onClick={() => void copy()}>
          Copy<span class="visually-hidden"> {props.label.toLowerCase()}</span>
        </button>
        <button type="button" class="secondary" onClick={props.onDone}>
          I have stored it
        </button>
      </div>
      <p role="status" class="hint">
        {copied === 'copied'
          ? 'Copied.'
          : copied === 'failed'
            ? 'Could not copy: the text is selected, copy it with your keyboard.'
            : ''}
      </p>
    </section>
  );
}
