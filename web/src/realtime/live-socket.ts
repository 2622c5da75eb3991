import { backoffDelay } from './backoff.js';

/** What the connection indicator shows. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'disconnected';

/** A server frame of the contract: `{type, data}`. */
export interface Frame {
  readonly type: string;
  readonly data: unknown;
}

/** Options of {@link LiveSocket}. */
export interface LiveSocketOptions {
  /** The URL to open, read on every attempt so a refreshed token is used. */
  readonly url: () => string;
  readonly onFrame: (frame: Frame) => void;
  readonly onState: (state: ConnectionState, retryInMs?: number) => void;
  readonly random?: () => number;
}

/** The WebSocket API client: reconnects with jittered back-off, pauses while the browser is offline. */
export class LiveSocket {
  private socket: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private running = false;
  private readonly random: () => number;
  /** Frame listeners besides the app's own (a screen's live data). */
  private readonly listeners = new Set<(frame: Frame) => void>();
  /** Actions a screen holds (subscriptions): sent on every (re)connect, since they live per connection. */
  private readonly held = new Set<Readonly<Record<string, unknown>>>();

  constructor(private readonly options: LiveSocketOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Opens the socket and keeps it open until {@link stop}. */
  start(): void {
    if (this.running) return;
    this.running = true;
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    if (navigator.onLine) this.open();
    else this.options.onState('offline');
  }

  /** Closes the socket for good (sign-out). */
  stop(): void {
    this.running = false;
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = undefined;
    this.options.onState('disconnected');
  }

  /** Sends a client action (`{"action": …}`); false when not connected. */
  send(action: Readonly<Record<string, unknown>>): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(action));
    return true;
  }

  /** Calls `listener` with every frame until the returned function is called. */
  listen(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends `action` now and again after every reconnect (a subscription belongs to one connection),
   * until the returned release is called, which sends `undo` once.
   */
  hold(action: Readonly<Record<string, unknown>>, undo: Readonly<Record<string, unknown>>): () => void {
    this.held.add(action);
    this.send(action);
    return () => {
      if (this.held.delete(action)) this.send(undo);
    };
  }

  private readonly onOnline = () => {
    if (!this.running) return;
    this.attempt = 0;
    clearTimeout(this.timer);
    this.open();
  };

  private readonly onOffline = () => {
    clearTimeout(this.timer);
    this.socket?.close();
    this.options.onState('offline');
  };

  private open(): void {
    this.options.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.options.url());
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.options.onState('connected');
      for (const action of this.held) this.send(action);
    });
    socket.addEventListener('message', (event) => {
      try {
        const frame = JSON.parse(String(event.data)) as Frame;
        if (typeof frame?.type !== 'string') return;
        this.options.onFrame(frame);
        for (const listener of this.listeners) listener(frame);
      } catch {
        // Not a JSON frame: the contract has none, so there is nothing to do with it.
      }
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket || !this.running) return;
      this.socket = undefined;
      if (!navigator.onLine) {
        this.options.onState('offline');
        return;
      }
      const delay = backoffDelay(this.attempt++, this.random);
      this.options.onState('reconnecting', delay);
      this.timer = setTimeout(() => this.open(), delay);
    });
  }
}
