import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Page } from '../../api/integrations-client.js';

/** A cursor-paginated list as a screen shows it: the pages read so far and whether more exist. */
export type Paged<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | {
      readonly state: 'ok';
      readonly items: readonly T[];
      readonly nextCursor?: string;
      /** Reading the next page. */
      readonly more: boolean;
      /** Why the last "Load more" failed; the pages read stay. */
      readonly moreError?: string;
    };

/**
 * Reads a list route page by page (the contract's `{items, nextCursor?}`, `?cursor=`): the first
 * page when `key` changes or on `reload()` (which starts again from it), the next one on
 * `loadMore()`, appended. An answer for an older key or round is dropped.
 */
export function usePaged<T>(
  key: string,
  loadPage: (cursor?: string) => Promise<Page<T>>,
): { list: Paged<T>; reload: () => void; loadMore: () => void } {
  const [list, setList] = useState<Paged<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    if (round === 0) setList({ state: 'loading' });
    loadPage().then(
      (page) => current && setList({ state: 'ok', items: page.items, more: false, ...cursorOf(page) }),
      (error: unknown) => current && setList({ state: 'error', message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  const loadMore = useCallback(() => {
    if (list.state !== 'ok' || !list.nextCursor || list.more) return;
    const base = list;
    setList({ ...base, more: true });
    loadPage(base.nextCursor).then(
      (page) =>
        setList((now) =>
          now === base || (now.state === 'ok' && now.nextCursor === base.nextCursor && now.more)
            ? { state: 'ok', items: [...base.items, ...page.items], more: false, ...cursorOf(page) }
            : now,
        ),
      (error: unknown) =>
        setList((now) =>
          now.state === 'ok' && now.more ? { ...base, more: false, moreError: messageOf(error) } : now,
        ),
    );
  }, [list]);
  return { list, reload: useCallback(() => setRound((r) => r + 1), []), loadMore };
}

function cursorOf<T>(page: Page<T>): { nextCursor?: string } {
  return page.nextCursor ? { nextCursor: page.nextCursor } : {};
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
