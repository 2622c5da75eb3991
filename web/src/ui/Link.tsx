import type { ComponentChildren } from 'preact';
import { navigate } from '../state/router.js';

/** An in-app link: a real `<a href>` (it works without JS, opens in a new tab), routed client-side. */
export function Link(props: { href: string; class?: string; current?: boolean; children: ComponentChildren }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
