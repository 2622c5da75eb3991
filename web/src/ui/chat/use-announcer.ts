import { useCallback, useRef, useState } from 'preact/hooks';

/**
 * Text for a polite live region that is always rendered (a region added with its text is not
 * announced): `announce` replaces it, clearing it first so the same words are read again. Focus
 * never moves: the reader hears the news and stays where they are.
 */
export function useAnnouncer(): [string, (text: string) => void] {
  const [text, setText] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const announce = useCallback((next: string) => {
    clearTimeout(timer.current);
    setText('');
    timer.current = setTimeout(() => setText(next), 50);
  }, []);
  return [text, announce];
}
