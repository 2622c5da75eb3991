import { createStore } from './store.js';

/** The current client-side route (the path of `location`). */
export const routeStore = createStore({ path: typeof location === 'undefined' ? '/' : location.pathname });

/** Goes to `path` without a page load; `replace` leaves no history entry (redirects). */
export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  routeStore.set({ path: location.pathname });
}

/** Follows the browser's back and forward buttons. */
export function listenToHistory(): void {
  addEventListener('popstate', () => routeStore.set({ path: location.pathname }));
}
