import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let firstScreen = true;

/**
 * The screen's h1. After a client-side navigation it takes focus, so keyboard and screen-reader
 * users land at the top of the new screen instead of on a link that no longer exists; the first
 * screen of a page load leaves focus where the browser put it (before the skip link).
 */
export function ScreenHeading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstScreen) firstScreen = false;
    else ref.current?.focus();
  }, []);
  return (
    <h1 id="screen-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
