import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/http.js';

/** What a screen shows while it loads, when loaded and when loading failed. */
export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly data: T }
  | { readonly state: 'error'; readonly message: string; readonly status?: number };

/**
 * Runs `load` when `key` changes and on `reload()`; an answer for an older key is dropped, so a
 * fast navigation never shows the previous vehicle's data.
 */
export function useLoad<T>(key: string, load: () => Promise<T>): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    if (round === 0) setResult({ state: 'loading' });
    load().then(
      (data) => current && setResult({ state: 'ok', data }),
      (error: unknown) =>
        current &&
        setResult({
          state: 'error',
          message: error instanceof Error ? error.message : String(error),
          ...(error instanceof ApiError ? { status: error.status } : {}),
        }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  return [result, useCallback(() => setRound((r) => r + 1), [])];
}
