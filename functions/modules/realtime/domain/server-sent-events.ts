/**
 * The text/event-stream wire format (WHATWG HTML, "Server-sent events"). Data is one line of JSON:
 * JSON.stringify escapes newlines inside strings, so a frame can never split an event.
 */

/** One event: `id:`, `event:` and `data:` lines, then the blank line that dispatches it. */
export function sseEvent(event: { readonly id: string; readonly type: string; readonly data: unknown }): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** A comment line: ignored by EventSource, it keeps proxies and idle timeouts from closing the stream. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** How long the client waits before reconnecting after the stream ends. */
export function sseRetry(milliseconds: number): string {
  return `retry: ${Math.max(0, Math.round(milliseconds))}\n\n`;
}
