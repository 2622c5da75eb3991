/** Key attributes that never leave a repository. */
const STORAGE_ATTRIBUTES = new Set(['pk', 'sk', 'entity', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'expiresAt']);

/** The item without its storage attributes. */
export function withoutStorageAttributes(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTES.has(name)));
}

/** Seconds since the epoch, DynamoDB TTL's unit. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
