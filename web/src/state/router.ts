import { createStore } from './store.js';

/** The current client-side route: the path and the query string (`?…` or '') of `location`. */
export const routeStore = createStore({
  path: typeof location === 'undefined' ? '/' : location.pathname,
  search: typeof location === 'undefined' ? '' : location.search,
});

/** Goes to `path` (which may carry a query) without a page load; `replace` leaves no history entry. */
export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  routeStore.set({ path: location.pathname, search: location.search });
}

/** Follows the browser's back and forward buttons. */
export function listenToHistory(): void {
  addEventListener('popstate', () => routeStore.set({ path: location.pathname, search: location.search }));
}
