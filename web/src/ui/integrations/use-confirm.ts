/** Asks before a destructive action: the browser's own dialog, which every keyboard and screen reader can answer. */
export function confirmed(question: string): boolean {
  return globalThis.confirm(question);
}
