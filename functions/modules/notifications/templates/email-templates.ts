import type { Severity } from '../domain/channels.js';

/** An e-mail ready for a transport: subject, plain text and HTML bodies. */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** What an alert e-mail says. */
export interface AlertEmailInput {
  readonly severity: Severity;
  readonly type: string;
  readonly vehicleId: string;
  readonly message: string;
  readonly raisedAt: string;
  /** The PWA link to the alert (`{appUrl}/alerts/{alertId}`). */
  readonly link?: string;
  /** `Escalated: level 2` when an escalation step sends it. */
  readonly escalation?: string;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML: every value is escaped, templates never trust alert text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function layout(title: string, paragraphs: readonly string[], link?: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join('');
  const button = link
    ? `<p><a href="${escapeHtml(link)}" style="color:#ffffff;background:#1d4ed8;padding:10px 16px;text-decoration:none">Open in fleetops</a></p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;color:#111827;background:#ffffff"><h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}${button}</body></html>`;
}

/** One alert (immediate or escalated). */
export function alertEmail(input: AlertEmailInput): EmailContent {
  const subject = `${input.escalation ? `[${input.escalation}] ` : ''}${input.severity} ${input.type} on ${input.vehicleId}`;
  const lines = [
    input.message,
    `Raised at ${input.raisedAt} (UTC).`,
    ...(input.escalation ? [`${input.escalation}: nobody has acknowledged it yet.`] : []),
  ];
  return {
    subject,
    text: [...lines, ...(input.link ? [input.link] : [])].join('\n\n'),
    html: layout(subject, lines, input.link),
  };
}

/** What quiet hours or a digest held back, in one message. */
export function summaryEmail(input: {
  readonly reason: 'quiet_hours' | 'digest';
  readonly items: readonly { readonly severity: Severity; readonly text: string }[];
  readonly link?: string;
}): EmailContent {
  const subject =
    input.reason === 'digest'
      ? `fleetops digest: ${input.items.length} alert(s)`
      : `While your quiet hours were on: ${input.items.length} alert(s)`;
  const lines = input.items.map((item) => `${item.severity}: ${item.text}`);
  return {
    subject,
    text: [...lines, ...(input.link ? [input.link] : [])].join('\n'),
    html: layout(subject, lines, input.link),
  };
}
