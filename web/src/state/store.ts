import { useEffect, useState } from 'preact/hooks';

/** A tiny observable store: the app's state in one place, components subscribe to slices. */
export interface Store<S> {
  get(): S;
  set(patch: Partial<S> | ((state: S) => Partial<S>)): void;
  subscribe(listener: (state: S) => void): () => void;
}

/** Creates a store holding `initial`. */
export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<(state: S) => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
      for (const listener of listeners) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Re-renders the component when `select(state)` changes (compared with Object.is). */
export function useStore<S, T>(store: Store<S>, select: (state: S) => T): T {
  const [value, setValue] = useState(() => select(store.get()));
  useEffect(() => {
    setValue(() => select(store.get()));
    return store.subscribe((state) => setValue(() => select(state)));
  }, [store, select]);
  return value;
}
