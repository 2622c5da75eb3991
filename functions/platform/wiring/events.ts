/**
 * An EventBridge event pattern, restricted to the operators the local bus implements
 * (see local/bus/event-pattern.ts). Keep rules inside this subset so both runtimes agree.
 */
export type EventPattern = {
  readonly source?: readonly string[];
  readonly 'detail-type'?: readonly string[];
  readonly detail?: Readonly<Record<string, unknown>>;
};
