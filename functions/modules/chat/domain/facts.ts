import type { Reading } from '../../fleet/domain/reading.js';

/**
 * What the bot may say about a vehicle the caller can see: the fleet module's vehicle detail, in
 * the fields the answers use (none is invented: a field the fleet does not know is absent).
 */
export interface VehicleFacts {
  readonly vehicleId: string;
  readonly name: string;
  readonly lastSeenAt?: string;
  readonly position?: { readonly lat: number; readonly lng: number; readonly ts: string };
  readonly readings?: Readonly<Record<string, number>>;
  readonly odometer?: number;
  readonly engineHours?: number;
  readonly lastService?: { readonly ts: string; readonly odometer?: number; readonly engineHours?: number };
  readonly openAlerts: number;
}

/** An alert as the bot explains it: the alerts module's alert, in the fields the answers use. */
export interface AlertFacts {
  readonly alertId: string;
  readonly vehicleId: string;
  readonly type: string;
  readonly ruleId?: string;
  readonly severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO';
  readonly status: 'open' | 'acknowledged' | 'resolved';
  readonly message: string;
  readonly raisedAt: string;
  readonly readings?: readonly Reading[];
}

/** The rule that raised an alert, as far as the explanation needs it. */
export interface RuleFacts {
  readonly ruleId: string;
  readonly name: string;
  readonly condition: unknown;
  readonly forSeconds?: number;
}

/** How far a vehicle is through one maintenance rule's interval (alerts module's computation). */
export interface MaintenanceDue {
  readonly ruleName: string;
  /** 1 = due. */
  readonly ratio: number;
  /** e.g. "13500 of 15000 km since the last service". */
  readonly detail: string;
}

/** A knowledge-base article. */
export interface Article {
  readonly articleId: string;
  readonly title: string;
  /** The intents it answers, best first. */
  readonly intents: readonly string[];
  readonly keywords: readonly string[];
  readonly body: string;
  /** Numbered first steps, for faults. */
  readonly steps?: readonly string[];
}
