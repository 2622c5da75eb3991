import * as z from '../../../../platform/zod.js';
import { type Interpretation, reasonOf } from '../vendor-reading.js';

/**
 * A Stripe Event object (`id: evt_…`, `object: "event"`, `type`, `created` in Unix seconds,
 * `data.object`). `invoice.*` events carry an Invoice (`id: in_…`, `customer`, `status`,
 * `currency`, `amount_due`, `amount_paid` in the smallest currency unit, `hosted_invoice_url`);
 * other event types are kept as `ignored`.
 */
const event = z.object({
  id: z.string().check(z.minLength(1)),
  object: z.literal('event'),
  type: z.string().check(z.minLength(1)),
  created: z.number().check(z.int(), z.positive()),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const invoice = z.object({
  id: z.string().check(z.minLength(1)),
  object: z.literal('invoice'),
  customer: z.nullish(z.string()),
  status: z.nullish(z.string()),
  currency: z.string().check(z.minLength(3), z.maxLength(3)),
  amount_due: z.number().check(z.int()),
  amount_paid: z.number().check(z.int()),
  hosted_invoice_url: z.nullish(z.string()),
});

/** A Stripe delivery → the invoice it is about. */
export function interpretStripe(body: unknown): Interpretation {
  const parsed = event.safeParse(body);
  if (!parsed.success) return { kind: 'rejected', reason: `Stripe event: ${reasonOf(parsed.error.issues)}` };
  if (!parsed.data.type.startsWith('invoice.')) {
    return { kind: 'ignored', reason: `Stripe ${parsed.data.type} is not an invoice event` };
  }
  const object = invoice.safeParse(parsed.data.data.object);
  if (!object.success) return { kind: 'rejected', reason: `Stripe invoice: ${reasonOf(object.error.issues)}` };
  const i = object.data;
  return {
    kind: 'invoice',
    invoice: {
      eventId: parsed.data.id,
      eventType: parsed.data.type,
      invoiceId: i.id,
      ...(i.customer ? { customerId: i.customer } : {}),
      ...(i.status ? { status: i.status } : {}),
      currency: i.currency.toUpperCase(),
      amountDue: i.amount_due,
      amountPaid: i.amount_paid,
      ...(i.hosted_invoice_url ? { hostedInvoiceUrl: i.hosted_invoice_url } : {}),
      occurredAt: new Date(parsed.data.created * 1000).toISOString(),
    },
  };
}
