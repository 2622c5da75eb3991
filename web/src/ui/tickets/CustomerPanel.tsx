import type { CustomerContext } from '../../api/tickets-client.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';

/** Beside the conversation: the customer's vehicles, their open alerts and past tickets. */
export function CustomerPanel({ customer }: { customer: CustomerContext }) {
  return (
    <section class="panel" aria-labelledby="customer-title">
      <h2 id="customer-title">Customer {customer.customerId}</h2>
      <h3>Vehicles</h3>
      {customer.vehicles.length === 0 ? <p class="hint">No vehicles.</p> : null}
      <ul>
        {customer.vehicles.map((v) => (
          <li key={v.vehicleId}>
            {v.vehicleId} · {v.name} ({v.type})
          </li>
        ))}
      </ul>
      <h3>Open alerts</h3>
      {customer.openAlerts.length === 0 ? <p class="hint">No open alerts.</p> : null}
      <ul>
        {customer.openAlerts.map((a) => (
          <li key={a.alertId}>
            <Link href={`/alerts/${encodeURIComponent(a.alertId)}`}>
              {a.severity} {a.type} on {a.vehicleId}
            </Link>
            : {a.message}
          </li>
        ))}
      </ul>
      <h3>Past tickets</h3>
      {customer.pastTickets.length === 0 ? <p class="hint">None.</p> : null}
      <ul>
        {customer.pastTickets.map((t) => (
          <li key={t.ticketId}>
            <Link href={`/tickets/${encodeURIComponent(t.ticketId)}`}>{t.subject || t.ticketId}</Link> · {t.status} ·{' '}
            <time dateTime={t.createdAt}>{formatTime(t.createdAt)}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}
