import { useEffect, useRef, useState } from 'preact/hooks';
import { type CannedResponse, cannedResponses, replyRequest } from '../../api/tickets-client.js';
import { queueRequest } from '../../state/app-controller.js';

/**
 * The agent's reply: a canned response (placeholders filled for this ticket) can be inserted, then
 * edited; "Internal note" keeps it among agents. Sent through the queue with an Idempotency-Key,
 * so a retry after a lost answer stores it once. Ctrl+Enter sends from the text box.
 */
export function ReplyBox({ ticketId, disabled, onSent }: { ticketId: string; disabled: boolean; onSent: () => void }) {
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [problem, setProblem] = useState<string>();
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    cannedResponses(ticketId).then(
      (page) => setCanned(page.items),
      () => setCanned([]),
    );
  }, [ticketId]);

  const insert = () => {
    const chosen = canned.find((c) => c.id === picker.current?.value);
    if (!chosen) return;
    setText(chosen.rendered?.text ?? chosen.text);
    box.current?.focus();
  };
  const submit = async (event?: Event) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value) {
      setProblem('Write a reply first.');
      box.current?.focus();
      return;
    }
    setProblem(undefined);
    setText('');
    await queueRequest(replyRequest(ticketId, value, internal));
    onSent();
  };

  return (
    <form class="panel reply-box" onSubmit={submit} aria-labelledby="reply-title">
      <h2 id="reply-title">Reply</h2>
      {canned.length > 0 ? (
        <div class="composer-row">
          <div>
            <label for="canned">Canned response</label>
            <select id="canned" ref={picker}>
              {canned.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                  {c.shortcut ? ` (${c.shortcut})` : ''}
                </option>
              ))}
            </select>
          </div>
          <button type="button" class="secondary" onClick={insert}>
            Insert
          </button>
        </div>
      ) : null}
      <label for="reply-text">{internal ? 'Internal note' : 'Reply to the customer'}</label>
      <textarea
        id="reply-text"
        ref={box}
        rows={4}
        maxLength={5000}
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
      />
      <label class="check">
        <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
        Internal note (only agents see it)
      </label>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" disabled={disabled}>
        {internal ? 'Add internal note' : 'Send reply'}
      </button>
    </form>
  );
}
