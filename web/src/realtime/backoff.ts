/**
 * The delay before reconnect attempt `attempt` (0-based): "full jitter" over an exponential cap
 * from 1 s to 30 s, so many clients dropped at once do not come back in step.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(30_000, 1000 * 2 ** attempt);
  return Math.max(250, Math.round(random() * cap));
}
