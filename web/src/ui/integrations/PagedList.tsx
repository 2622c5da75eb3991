import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Paged } from './use-paged.js';

/**
 * The list of an admin screen (partners, endpoints, keys, clients, delivery log): loading, error
 * and empty states in words, the records, and "Load more" while the route has a next page. After
 * a page arrives, focus moves to its first record, so a keyboard user goes on reading where the
 * new ones start; a live region says how many were added.
 */
export function PagedList<T>(props: {
  /** The list's accessible name and the noun of its messages, e.g. "API keys". */
  label: string;
  /** The noun of its messages ("Load more …") when not the label in lower case (e.g. "API keys"). */
  noun?: string;
  list: Paged<T>;
  loadMore: () => void;
  empty: string;
  keyOf: (item: T) => string;
  /** The `li` class of an item (e.g. `record record-off` for a revoked one). */
  classOf?: (item: T) => string;
  children: (item: T) => ComponentChildren;
}) {
  const { list } = props;
  const noun = props.noun ?? props.label.toLowerCase();
  const ref = useRef<HTMLUListElement>(null);
  const [added, setAdded] = useState<{ from: number; count: number } | undefined>(undefined);
  const [asked, setAsked] = useState<number | undefined>(undefined);
  const count = list.state === 'ok' ? list.items.length : 0;
  useLayoutEffect(() => {
    if (asked === undefined || list.state !== 'ok' || list.more) return;
    if (count > asked) {
      setAdded({ from: asked, count: count - asked });
      (ref.current?.children[asked] as HTMLElement | undefined)?.focus();
    }
    setAsked(undefined);
  }, [count, asked, list]);

  if (list.state === 'loading') return <p class="hint">Loading {noun}…</p>;
  if (list.state === 'error') {
    return (
      <p class="error" role="alert">
        Could not load the {noun}: {list.message}
      </p>
    );
  }
  return (
    <>
      {list.items.length === 0 ? <p>{props.empty}</p> : null}
      {list.items.length > 0 ? (
        <ul ref={ref} class="plain-list record-list" aria-label={props.label}>
          {list.items.map((item) => (
            <li key={props.keyOf(item)} class={props.classOf?.(item) ?? 'record'} tabIndex={-1}>
              {props.children(item)}
            </li>
          ))}
        </ul>
      ) : null}
      {list.moreError ? (
        <p class="error" role="alert">
          Could not load more {noun}: {list.moreError}
        </p>
      ) : null}
      {list.nextCursor ? (
        <div class="load-more">
          <button
            type="button"
            class="secondary"
            aria-disabled={list.more ? 'true' : undefined}
            onClick={() => {
              if (list.more) return;
              setAsked(list.items.length);
              props.loadMore();
            }}
          >
            {list.more ? 'Loading…' : `Load more ${noun}`}
          </button>
        </div>
      ) : null}
      <p role="status" class="hint">
        {added ? `${added.count} more ${noun} loaded; ${list.items.length} shown.` : ''}
      </p>
    </>
  );
}
