import { describe, expect, it } from 'vitest';
import { scoreFrustration } from '../../../functions/ml/frustration.js';
import type { Intent, Sentiment, Understanding } from '../../../functions/ml/ports/language-understanding.js';
import { type DialogueState, INITIAL_DIALOGUE } from '../../../functions/modules/chat/domain/conversation.js';
import {
  ACCEPT_HUMAN,
  DECLINE_HUMAN,
  decideTurn,
  type TurnInput,
} from '../../../functions/modules/chat/domain/dialogue-policy.js';

/** A message as the NLU would understand it; its frustration is the real scorer's on the text alone. */
function said(
  text: string,
  intent: Intent,
  options: { confidence?: number; sentiment?: Sentiment; vehicles?: string[]; known?: string[] } = {},
): Omit<TurnInput, 'callerVehicles'> {
  const vehicles = options.vehicles ?? [];
  const understanding: Understanding = {
    text,
    intent,
    confidence: options.confidence ?? 0.95,
    sentiment: options.sentiment ?? 'neutral',
    entities: vehicles.map((value) => ({ type: 'vehicle_id', value })),
    frustration: scoreFrustration(text),
  };
  const known = options.known ?? vehicles;
  return {
    text,
    understanding,
    mentioned: vehicles.map((vehicleId) => ({ vehicleId, known: known.includes(vehicleId) })),
  };
}

const FLEET = ['TRK-101', 'TRK-102', 'TRK-204'];

/** Plays a conversation through the policy, turn by turn, as the use case does. */
function play(
  turns: Omit<TurnInput, 'callerVehicles'>[],
  callerVehicles = FLEET,
  start: DialogueState = INITIAL_DIALOGUE,
) {
  let state = start;
  return turns.map((turn) => {
    const decided = decideTurn(state, { ...turn, callerVehicles });
    state = decided.state;
    return decided;
  });
}

describe('dialogue policy: grounded intents', () => {
  it('answers a vehicle question about the vehicle the message names', () => {
    // Act
    const [turn] = play([said('Where is TRK-101?', 'vehicle_location', { vehicles: ['TRK-101'] })]);

    // Assess
    expect(turn?.actions).toEqual([{ kind: 'answer', intent: 'vehicle_location', vehicleId: 'TRK-101' }]);
    expect(turn?.state.vehicleId).toBe('TRK-101');
  });

  it.each([
    ['vehicle_breakdown', 'TRK-204 has a warning light on'],
    ['maintenance', 'when is the next service of TRK-204'],
  ] as const)('grounds %s in the named vehicle', (intent, text) => {
    const [turn] = play([said(text, intent, { vehicles: ['TRK-204'] })]);

    expect(turn?.actions).toEqual([{ kind: 'answer', intent, vehicleId: 'TRK-204' }]);
  });

  it('explains the conversation alert when the conversation was opened from one', () => {
    const [turn] = decideTurn(INITIAL_DIALOGUE, {
      ...said('why did this fire?', 'alert_explanation'),
      callerVehicles: FLEET,
      conversationAlertId: '01JDAAAAAAAAAAAAAAAAAAAAAA',
    }).actions;

    expect(turn).toEqual({ kind: 'explainAlert', alertId: '01JDAAAAAAAAAAAAAAAAAAAAAA' });
  });

  it("explains the vehicle's latest alert when the message names a vehicle", () => {
    const [turn] = play([said('what does the alert on TRK-102 mean', 'alert_explanation', { vehicles: ['TRK-102'] })]);

    expect(turn?.actions).toEqual([{ kind: 'explainAlert', vehicleId: 'TRK-102' }]);
  });

  it('answers knowledge-base intents with an article, with the vehicle in context when there is one', () => {
    const [billing, fuel] = play([
      said('how do I pay my invoice', 'billing'),
      said('how much fuel does TRK-101 use', 'fuel_efficiency', { vehicles: ['TRK-101'] }),
    ]);

    expect(billing?.actions).toEqual([{ kind: 'article', intent: 'billing' }]);
    expect(fuel?.actions).toEqual([{ kind: 'article', intent: 'fuel_efficiency', vehicleId: 'TRK-101' }]);
  });

  it('greets a greeting', () => {
    expect(play([said('hello', 'greeting')])[0]?.actions).toEqual([{ kind: 'greet' }]);
  });
});

describe('dialogue policy: slots and context', () => {
  it('"where is it?" after "TRK-204 won\'t start" uses TRK-204', () => {
    const [, where] = play([
      said("TRK-204 won't start", 'vehicle_breakdown', { vehicles: ['TRK-204'] }),
      said('where is it?', 'vehicle_location'),
    ]);

    expect(where?.actions).toEqual([{ kind: 'answer', intent: 'vehicle_location', vehicleId: 'TRK-204' }]);
  });

  it('asks which vehicle when none is named or known, then answers the waiting intent with the one picked', () => {
    // Act
    const [ask, picked] = play([
      said('when is my next service due?', 'maintenance'),
      // The quick reply alone classifies as vehicle_location; the waiting intent wins.
      said('TRK-102', 'vehicle_location', { confidence: 0.72, vehicles: ['TRK-102'] }),
    ]);

    // Assess
    expect(ask?.actions).toEqual([{ kind: 'askVehicle', intent: 'maintenance' }]);
    expect(ask?.state.pendingIntent).toBe('maintenance');
    expect(picked?.actions).toEqual([{ kind: 'answer', intent: 'maintenance', vehicleId: 'TRK-102' }]);
    expect(picked?.state.pendingIntent).toBeUndefined();
  });

  it('a new full question after "which vehicle?" is answered as itself, not as the waiting intent', () => {
    const [, question] = play([
      said('when is my next service due?', 'maintenance'),
      said('where is TRK-101 right now on the map', 'vehicle_location', { vehicles: ['TRK-101'] }),
    ]);

    expect(question?.actions).toEqual([{ kind: 'answer', intent: 'vehicle_location', vehicleId: 'TRK-101' }]);
  });

  it("uses a driver's only vehicle without asking", () => {
    const [turn] = play([said('where is my truck?', 'vehicle_location')], ['TRK-101']);

    expect(turn?.actions).toEqual([{ kind: 'answer', intent: 'vehicle_location', vehicleId: 'TRK-101' }]);
  });

  it("says it can't find a vehicle the caller cannot see, and does not remember it", () => {
    const [turn] = play([said('where is TRK-999', 'vehicle_location', { vehicles: ['TRK-999'], known: [] })]);

    expect(turn?.actions).toEqual([{ kind: 'unknownVehicle', vehicleId: 'TRK-999' }]);
    expect(turn?.state.vehicleId).toBeUndefined();
    expect(turn?.state.pendingIntent).toBe('vehicle_location');
  });
});

describe('dialogue policy: fallback and hand-off', () => {
  it('asks a clarifying question on a fallback, and on low confidence whatever the intent', () => {
    const [unclear, lowConfidence] = play([
      said('purple monkey', 'fallback', { confidence: 0.3 }),
      said('this is useless', 'account_access', { confidence: 0.43 }),
    ]);

    expect(unclear?.actions).toEqual([{ kind: 'clarify' }]);
    expect(lowConfidence?.actions).toEqual([{ kind: 'offerHuman', reason: 'fallbacks' }]);
  });

  it('offers a human after two fallbacks in a row, not after two apart', () => {
    const apart = play([said('blah', 'fallback'), said('hello', 'greeting'), said('blah', 'fallback')]);
    const inARow = play([said('blah', 'fallback'), said('blah blah', 'fallback')]);

    expect(apart.map((t) => t.actions[0]?.kind)).toEqual(['clarify', 'greet', 'clarify']);
    expect(inARow[1]?.actions).toEqual([{ kind: 'offerHuman', reason: 'fallbacks' }]);
    expect(inARow[1]?.state.offered).toBe('fallbacks');
  });

  it('offers a human when asked, and hands off when the offer is accepted', () => {
    const [asked, accepted] = play([
      said('I want to talk to a person', 'human_agent'),
      said(ACCEPT_HUMAN, 'human_agent'),
    ]);

    expect(asked?.actions).toEqual([{ kind: 'offerHuman', reason: 'asked' }]);
    expect(accepted?.actions).toEqual([{ kind: 'handoff', reason: 'asked' }]);
    expect(accepted?.state.offered).toBeUndefined();
  });

  it("a fault's answer offers a ticket: its quick reply hands off", () => {
    const [fault, yes] = play([
      said("TRK-204 won't start", 'vehicle_breakdown', { vehicles: ['TRK-204'] }),
      said(ACCEPT_HUMAN, 'human_agent'),
    ]);

    expect(fault?.state.offered).toBe('asked');
    expect(yes?.actions).toEqual([{ kind: 'handoff', reason: 'asked' }]);
  });

  it('accepts a typed "yes" whatever the NLU made of it, and carries on after "no"', () => {
    const yes = play([said('blah', 'fallback'), said('blah', 'fallback'), said('yes', 'greeting')]);
    const no = play([said('talk to a human', 'human_agent'), said(DECLINE_HUMAN, 'fallback', { confidence: 0.2 })]);

    expect(yes[2]?.actions).toEqual([{ kind: 'handoff', reason: 'fallbacks' }]);
    expect(no[1]?.actions).toEqual([{ kind: 'declined' }]);
    expect(no[1]?.state).toMatchObject({ offered: undefined, fallbacks: 0 });
  });

  it('an offer not answered lapses: the next question is answered normally', () => {
    const [, question] = play([
      said('a person please', 'human_agent'),
      said('where is TRK-101', 'vehicle_location', { vehicles: ['TRK-101'] }),
    ]);

    expect(question?.actions).toEqual([{ kind: 'answer', intent: 'vehicle_location', vehicleId: 'TRK-101' }]);
    expect(question?.state.offered).toBeUndefined();
  });

  it('"this is useless, I asked three times!!" offers a human after the answer', () => {
    const [turn] = play([
      said('where is TRK-101? this is useless, I asked three times!!', 'vehicle_location', {
        vehicles: ['TRK-101'],
        sentiment: 'negative',
      }),
    ]);

    expect(turn?.actions).toEqual([
      { kind: 'answer', intent: 'vehicle_location', vehicleId: 'TRK-101' },
      { kind: 'offerHuman', reason: 'frustration' },
    ]);
    expect(turn?.state.offered).toBe('frustration');
  });

  it('"my truck is overheating" is a problem report: a grounded answer, no offer of a human', () => {
    const message = said('my truck is overheating', 'vehicle_breakdown', { sentiment: 'negative' });
    const [first, second] = play(
      [message, said('TRK-101 is overheating', 'vehicle_breakdown', { vehicles: ['TRK-101'], sentiment: 'negative' })],
      ['TRK-101'],
    );

    expect(message.understanding.frustration.frustrated).toBe(false);
    // Negative twice in a row is no longer frustration: both get the grounded answer (and its ticket offer).
    expect(first?.actions).toEqual([{ kind: 'answer', intent: 'vehicle_breakdown', vehicleId: 'TRK-101' }]);
    expect(second?.actions).toEqual([{ kind: 'answer', intent: 'vehicle_breakdown', vehicleId: 'TRK-101' }]);
    expect(second?.state.offered).toBe('asked');
  });

  it('a frustrated fallback offers a human at once, not after the second fallback', () => {
    const [turn] = play([said('WHY DOES NOTHING WORK', 'fallback', { confidence: 0.2, sentiment: 'negative' })]);

    expect(turn?.actions).toEqual([{ kind: 'clarify' }, { kind: 'offerHuman', reason: 'frustration' }]);
  });

  it('remembers the last three user messages for the NLU to spot a repeated ask', () => {
    const turns = play([
      said('hello', 'greeting'),
      said('where is TRK-101', 'vehicle_location', { vehicles: ['TRK-101'] }),
      said('where is TRK-102', 'vehicle_location', { vehicles: ['TRK-102'] }),
      said(`${'x'.repeat(300)}`, 'fallback'),
    ]);

    expect(turns[2]?.state.recentUserTexts).toEqual(['hello', 'where is TRK-101', 'where is TRK-102']);
    expect(turns[3]?.state.recentUserTexts).toEqual(['where is TRK-101', 'where is TRK-102', 'x'.repeat(200)]);
  });
});
