import { useState } from 'preact/hooks';
import { rateTicket } from '../../api/chat-client.js';

/** After resolution: "How did we do?" 1 to 5 and a comment, once. */
export function CsatPrompt({ ticketId, onRated }: { ticketId: string; onRated: (score: number) => void }) {
  const [problem, setProblem] = useState<string>();
  const [sending, setSending] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const score = Number(data.get('score'));
    if (!score) {
      setProblem('Choose a score from 1 to 5.');
      return;
    }
    setSending(true);
    try {
      await rateTicket(ticketId, score, String(data.get('comment') ?? '').trim() || undefined);
      onRated(score);
    } catch (error) {
      setProblem(`Could not send your rating: ${(error as Error).message}`);
    } finally {
      setSending(false);
    }
  };
  return (
    <form class="panel csat" onSubmit={submit} noValidate>
      <fieldset>
        <legend>How did we do? Rate the help you got</legend>
        <div class="csat-scores">
          {[1, 2, 3, 4, 5].map((score) => (
            <label key={score} class="csat-score">
              <input type="radio" name="score" value={score} />
              {score}
              <span class="visually-hidden">{score === 1 ? ' (poor)' : score === 5 ? ' (excellent)' : ''}</span>
            </label>
          ))}
        </div>
        <p class="hint">1 is poor, 5 is excellent.</p>
      </fieldset>
      <label for="csat-comment">Comment (optional)</label>
      <textarea id="csat-comment" name="comment" rows={2} maxLength={2000} />
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" disabled={sending}>
        Send rating
      </button>
    </form>
  );
}
