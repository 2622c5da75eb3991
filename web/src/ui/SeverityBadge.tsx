import type { Severity } from '../api/types.js';

/** A distinct shape per severity, so it never rests on colour alone (WCAG 1.4.1). */
export const SEVERITY_SHAPES: Readonly<Record<Severity, string>> = {
  CRITICAL: '▲',
  HIGH: '◆',
  MEDIUM: '■',
  LOW: '●',
  INFO: '○',
};

/** The severity as a shape and a word, e.g. "▲ Critical". */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span class={`severity severity-${severity.toLowerCase()}`}>
      <span class="severity-shape" aria-hidden="true">
        {SEVERITY_SHAPES[severity] ?? '○'}
      </span>{' '}
      {severity.charAt(0) + severity.slice(1).toLowerCase()}
    </span>
  );
}
