import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Alert } from '../../api/types.js';
import { type ActionFeedback, type DetailAction, runDetailAction } from '../../state/alert-detail.js';

/** Props of {@link AlertActions}. */
export interface AlertActionsProps {
  readonly alert: Alert;
  readonly online: boolean;
  /** An acknowledgement of this alert waits in the offline queue. */
  readonly queued: boolean;
  readonly busy?: DetailAction | undefined;
  readonly feedback?: ActionFeedback | undefined;
  readonly onAcknowledge: () => void;
}

/**
 * Acknowledge, resolve, assign and note: plain forms, usable by keyboard alone. A change the alert's
 * status does not allow is disabled with the reason in words beside it (and tied to the button);
 * the outcome of each action is a message that takes focus, so focus is never lost when the button
 * that was pressed becomes disabled.
 */
export function AlertActions(props: AlertActionsProps) {
  const { alert, online, busy } = props;
  const feedbackRef = useRef<HTMLParagraphElement>(null);
  // A layout effect: focus moves in the same task as the DOM change that made it due, so
  // nothing (a user, a screen reader, a test) sees the new message before it has focus.
  useLayoutEffect(() => {
    if (props.feedback) feedbackRef.current?.focus();
  }, [props.feedback?.seq]);

  const offline = 'This needs a connection; you are offline.';
  const ackReason =
    alert.status === 'acknowledged'
      ? `This alert was acknowledged already (${alert.acknowledgedBy ?? 'by someone else'}).`
      : alert.status === 'resolved'
        ? 'A resolved alert cannot be acknowledged.'
        : undefined;
  const resolveReason =
    alert.status === 'resolved'
      ? `This alert was resolved already (${alert.resolvedBy ?? 'by someone else'}).`
      : undefined;
  const assignReason = alert.status === 'resolved' ? 'A resolved alert cannot be assigned.' : undefined;

  return (
    <section aria-labelledby="actions-title" class="detail-section">
      <h2 id="actions-title">Actions</h2>
      {props.feedback ? (
        <p
          ref={feedbackRef}
          tabIndex={-1}
          class={props.feedback.kind === 'done' ? 'feedback' : 'feedback error'}
          id="action-feedback"
        >
          {props.feedback.text}
        </p>
      ) : null}

      <div class="action-form">
        <h3 id="ack-title">Acknowledge</h3>
        {props.queued && busy !== 'acknowledge' ? (
          <p class="hint">Your acknowledgement is saved and is sent when you are back online.</p>
        ) : (
          <>
            <button
              type="button"
              disabled={!!ackReason || busy !== undefined}
              aria-describedby={ackReason ? 'ack-reason' : undefined}
              onClick={props.onAcknowledge}
            >
              {busy === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge alert'}
            </button>
            {ackReason ? (
              <p id="ack-reason" class="hint action-reason">
                {ackReason}
              </p>
            ) : !online ? (
              <p class="hint action-reason">Offline, it is saved and sent when you are back online.</p>
            ) : null}
          </>
        )}
      </div>

      <ActionForm
        id="resolve"
        title="Resolve"
        field={{ label: 'Resolution note (optional)', multiline: true, required: false }}
        submit={busy === 'resolve' ? 'Resolving…' : 'Resolve alert'}
        reason={resolveReason ?? (online ? undefined : offline)}
        busy={busy !== undefined}
        onSubmit={(value) => runDetailAction('resolve', value)}
      />
      <ActionForm
        id="assign"
        title="Assign"
        field={{
          label: 'User id to assign to',
          multiline: false,
          required: true,
          missing: 'Enter the user id to assign this alert to, e.g. acme-dispatcher.',
        }}
        submit={busy === 'assign' ? 'Assigning…' : 'Assign alert'}
        reason={assignReason ?? (online ? undefined : offline)}
        busy={busy !== undefined}
        onSubmit={(value) => runDetailAction('assign', value)}
      />
      <ActionForm
        id="note"
        title="Add a note"
        field={{ label: 'Note', multiline: true, required: true, missing: 'Write the note before adding it.' }}
        submit={busy === 'note' ? 'Adding note…' : 'Add note'}
        reason={online ? undefined : offline}
        busy={busy !== undefined}
        onSubmit={(value) => runDetailAction('note', value)}
      />
    </section>
  );
}

interface ActionFormProps {
  readonly id: string;
  readonly title: string;
  readonly field: { label: string; multiline: boolean; required: boolean; missing?: string };
  readonly submit: string;
  /** Why the action cannot be taken now; the form is disabled while it is set. */
  readonly reason?: string | undefined;
  readonly busy: boolean;
  readonly onSubmit: (value: string) => Promise<boolean>;
}

function ActionForm(props: ActionFormProps) {
  const [error, setError] = useState<string>();
  const fieldId = `${props.id}-input`;
  const errorId = `${props.id}-error`;
  const reasonId = `${props.id}-reason`;
  const disabled = props.reason !== undefined;
  const describedBy = [error ? errorId : '', disabled ? reasonId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <form
      class="action-form"
      aria-labelledby={`${props.id}-title`}
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget as HTMLFormElement;
        const input = form.elements.namedItem('value') as HTMLInputElement | HTMLTextAreaElement;
        const value = input.value.trim();
        if (props.field.required && !value) {
          setError(props.field.missing);
          input.focus();
          return;
        }
        setError(undefined);
        if (await props.onSubmit(value)) form.reset();
      }}
    >
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <label for={fieldId}>{props.field.label}</label>
      {props.field.multiline ? (
        <textarea
          id={fieldId}
          name="value"
          rows={3}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      ) : (
        <input
          id={fieldId}
          name="value"
          type="text"
          autoComplete="off"
          spellcheck={false}
          disabled={disabled}
          aria-required={props.field.required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
      {error ? (
        <p id={errorId} class="error field-error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={disabled || props.busy} aria-describedby={disabled ? reasonId : undefined}>
        {props.submit}
      </button>
      {disabled ? (
        <p id={reasonId} class="hint action-reason">
          {props.reason}
        </p>
      ) : null}
    </form>
  );
}
