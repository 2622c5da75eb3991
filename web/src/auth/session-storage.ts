import type { Session } from './session.js';

const KEY = 'fleetops.session';

/**
 * Sessions live in localStorage so an installed app opened offline still knows whose cached data
 * to show; the strict CSP (scripts from 'self' only) is what keeps other scripts from reading it.
 */
export function loadSession(): Session | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

/** Persists or forgets the session. */
export function saveSession(session: Session | undefined): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
