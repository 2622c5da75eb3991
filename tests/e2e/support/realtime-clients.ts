import WebSocket from 'ws';

/** A server → client frame. */
export interface Frame {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A WebSocket client that records frames. */
export interface SocketClient {
  readonly socket: WebSocket;
  readonly frames: Frame[];
  send(frame: unknown): void;
  /** Resolves with the first frame (seen or to come) matching, failing after `ms`. */
  waitFor(match: (frame: Frame) => boolean, ms?: number): Promise<Frame>;
  /** A ping/pong round trip: every frame the server sent before it has arrived afterwards. */
  barrier(): Promise<void>;
  close(): void;
}

/** Opens a WebSocket and records its frames. */
export function openSocket(url: string): Promise<SocketClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: Frame[] = [];
    const waiters: { match: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      frames.push(frame);
      for (const waiter of waiters.splice(0)) {
        if (waiter.match(frame)) waiter.resolve(frame);
        else waiters.push(waiter);
      }
    });
    socket.once('unexpected-response', (_, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        frames,
        send: (frame) => socket.send(JSON.stringify(frame)),
        waitFor(match, ms = 10_000) {
          const seen = frames.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((resolveFrame, rejectFrame) => {
            const timer = setTimeout(() => rejectFrame(new Error(`no matching frame within ${ms} ms`)), ms);
            waiters.push({
              match,
              resolve: (frame) => {
                clearTimeout(timer);
                resolveFrame(frame);
              },
            });
          });
        },
        barrier: () =>
          new Promise((resolvePong) => {
            socket.once('pong', () => resolvePong());
            socket.ping();
          }),
        close: () => socket.close(),
      }),
    );
  });
}

/** One server-sent event as a client sees it. */
export interface ServerSentEvent {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
}

/** An open SSE response, parsed as EventSource parses it (comments skipped). */
export interface SseClient {
  readonly status: number;
  readonly contentType: string | null;
  readonly events: ServerSentEvent[];
  /** Comments received (heartbeats, `connected`). */
  readonly comments: string[];
  /** Resolves once `count` events have arrived, failing after `ms`. */
  waitForEvents(count: number, ms?: number): Promise<ServerSentEvent[]>;
  close(): void;
}

/** Opens `url` and parses the event stream until closed. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: ServerSentEvent[] = [];
  const comments: string[] = [];
  const listeners: (() => void)[] = [];
  const notify = () => {
    for (const listener of listeners.splice(0)) listener();
  };
  if (response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields: Record<string, string> = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              else {
                const colon = line.indexOf(':');
                if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
              }
            }
            if (fields.data !== undefined) {
              events.push({
                ...(fields.id ? { id: fields.id } : {}),
                event: fields.event ?? 'message',
                data: fields.data,
              });
            }
            notify();
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    comments,
    waitForEvents(count, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${events.length}/${count} events within ${ms} ms`)), ms);
        const check = () => {
          if (events.length >= count) {
            clearTimeout(timer);
            resolve(events.slice(0, count));
          } else listeners.push(check);
        };
        check();
      });
    },
    close: () => abort.abort(),
  };
}
