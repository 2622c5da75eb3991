/** The chat intents of the product brief (Contracts → NLU), in that order. */
export const INTENTS = [
  'vehicle_breakdown',
  'maintenance',
  'fuel_efficiency',
  'vehicle_location',
  'alert_explanation',
  'route_planning',
  'billing',
  'account_access',
  'driver_safety',
  'reports',
  'integrations',
  'human_agent',
  'greeting',
  'fallback',
] as const;

/** What the user wants; `fallback` when outside fleet support or too unclear to act on. */
export type Intent = (typeof INTENTS)[number];

/**
 * Tone of a message (ADR 0118): `negative` the user reports a problem, complains or is frustrated;
 * `neutral` a question or request without a problem; `positive` thanks, praise, satisfaction.
 */
export type Sentiment = 'negative' | 'neutral' | 'positive';

/** Entity kinds the NLU extracts. */
export type EntityType = 'vehicle_id' | 'date' | 'location';

/**
 * One entity found in a message. `vehicle_id` values are normalised (`TRK-204`) and resolved
 * against the tenant's fleet when one is given; `date` values are ISO `YYYY-MM-DD`.
 */
export interface Entity {
  type: EntityType;
  value: string;
}

/**
 * Whether the writer is losing patience (anger, "useless", repeated asks, shouting), apart from
 * sentiment: "my truck is overheating" is negative and not frustrated. It offers a human.
 */
export interface FrustrationSignal {
  /** 0..1, the sum of the cues' weights. */
  readonly score: number;
  readonly frustrated: boolean;
  /** The cues found, e.g. `insult`, `repeatedAsk`, `shouting`. */
  readonly cues: readonly string[];
}

/**
 * One understood message: the NLU contract's output line `{text, intent, confidence, sentiment,
 * entities}` plus the frustration signal (stored with the message, not part of the CLI line).
 */
export interface Understanding {
  text: string;
  intent: Intent;
  /** Probability of the top intent (0..1) before the fallback rule applied. */
  confidence: number;
  sentiment: Sentiment;
  entities: Entity[];
  frustration: FrustrationSignal;
}

/** Context that sharpens entity extraction. */
export interface UnderstandOptions {
  /** The tenant's vehicle ids, to resolve spellings such as `unit 77` to `VAN-77`. */
  fleet?: readonly string[];
  /** Reference instant for relative dates (`tomorrow`); defaults to now. */
  now?: Date;
  /** The conversation's earlier user messages, oldest first: asking the same again is frustration. */
  previous?: readonly string[];
}

/** Port the chatbot uses to understand a user's message. */
export interface LanguageUnderstanding {
  understand(text: string, options?: UnderstandOptions): Promise<Understanding>;
}
