import { useEffect, useState } from 'preact/hooks';
import { getTicket, type TicketDetail } from '../../api/tickets-client.js';
import { liveSocket, onQueueFlushed } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { useAnnouncer } from '../chat/use-announcer.js';
import '../chat/chat.css';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { CustomerPanel } from './CustomerPanel.js';
import { ReplyBox } from './ReplyBox.js';
import { slaText } from './sla-text.js';
import { TicketControls } from './TicketControls.js';
import { TranscriptEntryItem } from './TranscriptEntryItem.js';

/** How often the SLA countdown's words are brought up to date. */
const TICK_MS = 30_000;

/**
 * `/tickets/{ticketId}`: the agent's view — the transcript with internal notes marked as such,
 * the customer's context, the SLA clocks as text, claim, status and priority, and the reply box.
 * Customer messages, notes and changes arrive live and are announced politely.
 */
export function TicketScreen({ ticketId }: { ticketId: string }) {
  const me = useStore(appStore, (s) => s.session?.user.userId ?? '');
  const [detail, setDetail] = useState<{ data?: TicketDetail; at: number; error?: string }>({ at: Date.now() });
  const [now, setNow] = useState(Date.now());
  const [round, setRound] = useState(0);
  const [announcement, announce] = useAnnouncer();
  const reload = () => setRound((r) => r + 1);

  useEffect(() => {
    let current = true;
    getTicket(ticketId).then(
      (data) => current && setDetail({ data, at: Date.now() }),
      (error: unknown) => current && setDetail({ at: Date.now(), error: (error as Error).message }),
    );
    return () => {
      current = false;
    };
  }, [ticketId, round]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const conversationId = detail.data?.ticket.conversationId;
  useEffect(() => {
    const offFlush = onQueueFlushed(reload);
    const off = liveSocket()?.listen((frame) => {
      const data = frame.data as Record<string, unknown>;
      if (frame.type === 'chat.message' && data.conversationId === conversationId) {
        const author = data.author as { type: string; id: string };
        if (author.id !== me)
          announce(`New message from ${author.type === 'user' ? 'the customer' : author.type}: ${data.text}`);
        reload();
      } else if (frame.type === 'ticket.note' && data.ticketId === ticketId) {
        if (data.authorId !== me) announce(`Internal note from ${data.authorId}: ${data.text}`);
        reload();
      } else if (frame.type === 'ticket.updated' && data.ticketId === ticketId) {
        reload();
      }
    });
    return () => {
      off?.();
      offFlush();
    };
  }, [ticketId, conversationId, me]);

  const data = detail.data;
  if (!data) {
    return (
      <section class="tickets" aria-labelledby="screen-title">
        <ScreenHeading>Ticket</ScreenHeading>
        {detail.error ? <p class="error">Could not load the ticket: {detail.error}</p> : <p class="hint">Loading…</p>}
      </section>
    );
  }
  const { ticket, transcript, customer } = data;
  return (
    <section class="tickets" aria-labelledby="screen-title">
      <p>
        <Link href="/tickets">Ticket queue</Link>
      </p>
      <ScreenHeading>{ticket.subject || `Ticket ${ticket.ticketId}`}</ScreenHeading>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{ticket.status}</dd>
        <dt>Priority</dt>
        <dd>{ticket.priority}</dd>
        {ticket.sla ? (
          <>
            <dt>First response</dt>
            <dd>{slaText(ticket.sla.firstResponse, detail.at, now)}</dd>
            <dt>Resolution</dt>
            <dd>{slaText(ticket.sla.resolution, detail.at, now)}</dd>
          </>
        ) : null}
        {ticket.csat ? (
          <>
            <dt>Customer rating</dt>
            <dd>
              {ticket.csat.score} out of 5{ticket.csat.comment ? `: “${ticket.csat.comment}”` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <TicketControls ticket={ticket} me={me} onChanged={reload} />
      <div class="ticket-layout">
        <div>
          <h2 id="transcript-title">Conversation</h2>
          <ol class="plain-list transcript" aria-labelledby="transcript-title">
            {transcript.map((entry) => (
              <TranscriptEntryItem key={entry.messageId ?? entry.noteId} entry={entry} me={me} />
            ))}
          </ol>
          <p class="visually-hidden" aria-live="polite">
            {announcement}
          </p>
          <ReplyBox ticketId={ticket.ticketId} disabled={ticket.status === 'closed'} onSent={reload} />
        </div>
        {customer ? <CustomerPanel customer={customer} /> : null}
      </div>
    </section>
  );
}
