import type { Intent, Understanding } from '../../../ml/ports/language-understanding.js';
import { type DialogueState, type HandoffReason, REMEMBERED_MESSAGES, REMEMBERED_TEXT } from './conversation.js';

/** Below this intent confidence the bot does not act on the intent: it asks instead. */
export const MIN_CONFIDENCE = 0.5;

/** Intents whose answer is about one vehicle and cannot be given without one. */
export const VEHICLE_INTENTS = ['vehicle_location', 'vehicle_breakdown', 'maintenance'] as const;
export type VehicleIntent = (typeof VEHICLE_INTENTS)[number];

/** Intents answered from the knowledge base (a vehicle, when known, adds its figures). */
export const ARTICLE_INTENTS = [
  'fuel_efficiency',
  'route_planning',
  'billing',
  'account_access',
  'driver_safety',
  'reports',
  'integrations',
] as const satisfies readonly Intent[];

/** The quick replies of the offer of a human; either text is also accepted typed. */
export const ACCEPT_HUMAN = 'Yes, talk to a person';
export const DECLINE_HUMAN = 'No, keep chatting';

/** Consecutive fallbacks that make the bot offer a human. */
export const OFFER_AFTER = 2;

/** One thing the bot does in reply; the use case grounds it in the tenant's data and words it. */
export type BotAction =
  | { readonly kind: 'greet' }
  | { readonly kind: 'clarify' }
  | { readonly kind: 'unknownVehicle'; readonly vehicleId: string }
  | { readonly kind: 'askVehicle'; readonly intent: Intent }
  | { readonly kind: 'answer'; readonly intent: VehicleIntent; readonly vehicleId: string }
  | { readonly kind: 'explainAlert'; readonly alertId?: string; readonly vehicleId?: string }
  | { readonly kind: 'article'; readonly intent: Intent; readonly vehicleId?: string }
  | { readonly kind: 'offerHuman'; readonly reason: HandoffReason }
  | { readonly kind: 'handoff'; readonly reason: HandoffReason }
  | { readonly kind: 'declined' };

/** What the policy needs to know about one user message, already understood and resolved. */
export interface TurnInput {
  readonly text: string;
  readonly understanding: Understanding;
  /**
   * The vehicle ids the message names, in order, each resolved against the caller's fleet
   * (`known: false` for one the caller cannot see: not in the tenant, or another driver's).
   */
  readonly mentioned: readonly { readonly vehicleId: string; readonly known: boolean }[];
  /** The caller's vehicles (a driver: their own), at most a page. */
  readonly callerVehicles: readonly string[];
  /** The alert the conversation was opened about. */
  readonly conversationAlertId?: string;
}

/** The bot's decision for one turn: what to do, in order, and what to remember. */
export interface Turn {
  readonly actions: readonly BotAction[];
  readonly state: DialogueState;
}

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const YES = new Set(['yes', 'y', 'yes please', 'ok', 'okay', 'sure', 'please do', normalise(ACCEPT_HUMAN)]);
const NO = new Set(['no', 'n', 'no thanks', 'no thank you', 'not now', normalise(DECLINE_HUMAN)]);

/**
 * The dialogue policy: decides the bot's reply to one understood message from the conversation's
 * state, and the next state. Pure: every fact it needs (the entities resolved against the fleet,
 * the caller's vehicles) comes in `input`; the use case fetches what the actions name.
 *
 * 1. An open offer of a human is answered first: yes hands off, no carries on.
 * 2. `human_agent` offers a human.
 * 3. A low-confidence or `fallback` message asks a clarifying question; the second in a row offers
 *    a human instead.
 * 4. A message that only names a vehicle fills the slot of the intent waiting for one.
 * 5. Vehicle intents resolve their vehicle: named (unknown → "can't find"), else the one the
 *    conversation is about, else the caller's only vehicle, else the bot asks which one.
 * 6. A fault's answer offers a ticket, so a "yes" to it hands off.
 * 7. A frustrated message (the NLU's frustration signal, ADR 0118) adds the offer of a human after
 *    the answer. Negative sentiment alone does not: "my truck is overheating" is a problem report,
 *    answered from the tenant's data.
 *
 * The next state remembers the message's text, for the NLU to spot the same ask coming again.
 */
export function decideTurn(state: DialogueState, input: TurnInput): Turn {
  const turn = decide(state, input);
  const recentUserTexts = [...(state.recentUserTexts ?? []), input.text.slice(0, REMEMBERED_TEXT)].slice(
    -REMEMBERED_MESSAGES,
  );
  return { ...turn, state: { ...turn.state, recentUserTexts } };
}

function decide(state: DialogueState, input: TurnInput): Turn {
  const said = normalise(input.text);
  const frustrated = input.understanding.frustration.frustrated;

  if (state.offered) {
    if (YES.has(said) || input.understanding.intent === 'human_agent') {
      return {
        actions: [{ kind: 'handoff', reason: state.offered }],
        state: { ...state, offered: undefined },
      };
    }
    if (NO.has(said)) {
      return { actions: [{ kind: 'declined' }], state: { ...state, offered: undefined, fallbacks: 0 } };
    }
  }
  const base: DialogueState = { ...state, offered: undefined };
  const withFrustration = (turn: Turn): Turn => (frustrated ? offerAfter(turn) : turn);

  const confident = input.understanding.confidence >= MIN_CONFIDENCE;
  const intent = slotFilledIntent(state, input) ?? (confident ? input.understanding.intent : 'fallback');

  if (intent === 'human_agent') return offer(base, 'asked');
  if (intent === 'fallback') {
    const fallbacks = state.fallbacks + 1;
    if (fallbacks >= OFFER_AFTER) return offer({ ...base, fallbacks }, 'fallbacks');
    return withFrustration({ actions: [{ kind: 'clarify' }], state: { ...base, fallbacks } });
  }
  const answered = { ...base, fallbacks: 0 };
  if (intent === 'greeting') return withFrustration({ actions: [{ kind: 'greet' }], state: answered });

  const named = input.mentioned[0];
  if (named && !named.known) {
    return withFrustration({
      actions: [{ kind: 'unknownVehicle', vehicleId: named.vehicleId }],
      state: { ...answered, pendingIntent: isVehicleIntent(intent) ? intent : undefined },
    });
  }
  const vehicleId = named?.vehicleId ?? state.vehicleId ?? soleVehicle(input.callerVehicles);
  const remembered = { ...answered, ...(vehicleId ? { vehicleId } : {}), pendingIntent: undefined };

  if (intent === 'alert_explanation') {
    if (input.conversationAlertId && !named) {
      return withFrustration({
        actions: [{ kind: 'explainAlert', alertId: input.conversationAlertId }],
        state: remembered,
      });
    }
    if (!vehicleId) return withFrustration(askVehicle(answered, intent));
    return withFrustration({ actions: [{ kind: 'explainAlert', vehicleId }], state: remembered });
  }
  if (isVehicleIntent(intent)) {
    if (!vehicleId) return withFrustration(askVehicle(answered, intent));
    // A fault's answer ends with the offer of a ticket: its "yes" is an acceptance.
    const offered = intent === 'vehicle_breakdown' ? { offered: 'asked' as const } : {};
    return withFrustration({ actions: [{ kind: 'answer', intent, vehicleId }], state: { ...remembered, ...offered } });
  }
  return withFrustration({
    actions: [{ kind: 'article', intent, ...(vehicleId ? { vehicleId } : {}) }],
    state: remembered,
  });
}

/** The intent waiting for a vehicle, when this message answers "which vehicle?" with just an id. */
function slotFilledIntent(state: DialogueState, input: TurnInput): Intent | undefined {
  if (!state.pendingIntent || input.mentioned.length === 0) return undefined;
  let rest = ` ${normalise(input.text)} `;
  for (const { vehicleId } of input.mentioned) rest = rest.replace(` ${normalise(vehicleId)} `, ' ');
  const words = rest.trim().split(' ').filter(Boolean);
  return words.length <= 2 ? state.pendingIntent : undefined;
}

function isVehicleIntent(intent: Intent): intent is VehicleIntent {
  return (VEHICLE_INTENTS as readonly string[]).includes(intent);
}

function soleVehicle(vehicles: readonly string[]): string | undefined {
  return vehicles.length === 1 ? vehicles[0] : undefined;
}

function askVehicle(state: DialogueState, intent: Intent): Turn {
  return { actions: [{ kind: 'askVehicle', intent }], state: { ...state, pendingIntent: intent } };
}

function offer(state: DialogueState, reason: HandoffReason): Turn {
  return { actions: [{ kind: 'offerHuman', reason }], state: { ...state, offered: reason } };
}

/** Frustration adds the offer of a human after whatever was answered. */
function offerAfter(turn: Turn): Turn {
  return {
    actions: [...turn.actions, { kind: 'offerHuman', reason: 'frustration' }],
    state: { ...turn.state, offered: 'frustration' },
  };
}
