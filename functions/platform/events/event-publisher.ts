/** An event for the bus: `source` + `detailType` select the rules, `detail` is the payload. */
export interface DomainEvent<TDetail = unknown> {
  readonly source: string;
  readonly detailType: string;
  readonly detail: TDetail;
}

/** EventBridge in AWS, the in-process bus locally. Throws if any event was not accepted. */
export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}
