/** A reply agents reuse, with placeholders filled from the ticket it answers. */
export interface CannedResponse {
  readonly tenantId: string;
  readonly id: string;
  readonly title: string;
  /** May use the {@link PLACEHOLDERS}, e.g. "Hi {{customer.name}}, {{vehicle.id}} is on its way". */
  readonly text: string;
  /** A short word the agent console completes from (e.g. `/eta`). */
  readonly shortcut?: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** The placeholders a canned response may use. */
export const PLACEHOLDERS = ['customer.name', 'customer.id', 'vehicle.id', 'ticket.id', 'agent.id'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g;

/** Placeholders in the text that are not known (a typo would otherwise reach a customer). */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PATTERN)]
    .map((m) => m[1] as string)
    .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

/** What the placeholders are filled with; an absent value is reported as missing. */
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/**
 * The text with every placeholder filled; a placeholder without a value becomes empty and is
 * listed in `missing`, so the console can ask the agent to fill it before sending.
 */
export function renderCanned(text: string, values: PlaceholderValues): { text: string; missing: Placeholder[] } {
  const missing = new Set<Placeholder>();
  const rendered = text.replace(PATTERN, (_whole, name: string) => {
    const value = values[name as Placeholder];
    if (value === undefined || value === '') {
      missing.add(name as Placeholder);
      return '';
    }
    return value;
  });
  return { text: rendered.replace(/ {2,}/g, ' '), missing: [...missing] };
}
