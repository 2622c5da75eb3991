import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

let firstScreen = true;

/**
 * The screen's h1. After a client-side navigation it takes focus, so keyboard and screen-reader
 * users land at the top of the new screen instead of on a link that no longer exists; the first
 * screen of a page load leaves focus where the browser put it (before the skip link).
 */
export function ScreenHeading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  // A layout effect: focus moves in the same task as the DOM change that made it due, so
  // nothing (a user, a screen reader, a test) sees the new message before it has focus.
  useLayoutEffect(() => {
    if (firstScreen) firstScreen = false;
    else ref.current?.focus();
  }, []);
  return (
    <h1 id="screen-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
