/**
 * The frustration signal (ADR 0118): a transparent scorer, separate from sentiment. Sentiment says
 * whether a message reports a problem; frustration says whether its writer is losing patience —
 * anger, insults of the service ("useless"), repeated asks, shouting — which is what hands the
 * conversation to a person. Each cue adds its weight; the message is frustrated at
 * {@link FRUSTRATION_THRESHOLD}. Weights and threshold were set on the corpus' validation split
 * only; `ml:eval` reports precision and recall on its test split.
 */

/** Why a message scored: the cues found, in this order. */
export type FrustrationCue = 'anger' | 'insult' | 'repeatWords' | 'again' | 'repeatedAsk' | 'shouting' | 'exclamations';

/** The frustration part of an understood message. */
export interface Frustration {
  /** Sum of the cues' weights, capped at 1. */
  readonly score: number;
  /** `score >= FRUSTRATION_THRESHOLD`. */
  readonly frustrated: boolean;
  readonly cues: readonly FrustrationCue[];
}

/** The score from which a message counts as frustrated. */
export const FRUSTRATION_THRESHOLD = 0.5;

/** Weight of each cue: one strong cue (anger, insult, a repeated ask, shouting) suffices, weak ones need company. */
export const FRUSTRATION_WEIGHTS: Readonly<Record<FrustrationCue, number>> = {
  anger: 0.6,
  insult: 0.6,
  repeatWords: 0.5,
  again: 0.25,
  repeatedAsk: 0.5,
  shouting: 0.5,
  exclamations: 0.3,
};

/** How many earlier user messages of the conversation a repeated ask is looked for in. */
export const PREVIOUS_MESSAGES = 3;

const ANGER = new RegExp(
  String.raw`\b(ffs|wtf|omg|damn|hell|crap|rubbish|garbage|ridiculous|absurd|unacceptable|disgraceful|shocking|` +
    String.raw`shambles|joke|nightmare|disaster|furious|fuming|livid|angry|annoyed|annoying|frustrat\w*|fed up|` +
    `sick (and tired|of)|had enough|enough is enough|not good enough|terrible|awful|horrible|worst|hate|` +
    `pathetic|disappointed|not happy|seriously|kidding me|are you serious|for god'?s sake|what the|` +
    `what a mess|ugh|why is this so hard|way too (many|much|expensive)|cancel (my|our|the) (account|subscription|contract)|i'?m leaving|nobody (answers|helps|is helping|reads|fixes)|` +
    String.raw`no ?one (ever )?(answers|helps)|are you (even )?listening|fix (this|it) now|sort it out|never (works|fix\w*)|always broken)\b`,
  'i',
);
const INSULT = /\b(useless|hopeless|pointless|worthless|waste of (time|money)|stupid|dumb|no help( at all)?)\b/i;
/** Saying outright that this is asked or reported again. */
const REPEAT_WORDS = new RegExp(
  String.raw`\b(yet again|still (not|waiting|broken|nothing)|(second|third|fourth|fifth|\d+(st|nd|rd|th)) time|` +
    String.raw`how many times|(two|three|four|five|\d+) times (already|now|today)|` +
    String.raw`(asked|told|said|tried|reported|called)\w*( \w+){0,2} (twice|(two|three|four|five|\d+) times)|every (single )?(day|time)|keeps? (happening|failing|breaking)|` +
    String.raw`for days|for hours|for the last time|told you|already (asked|told|said|reported))\b`,
  'i',
);

/** A softer hint of the same. */
const AGAIN = /\b(again|still)\b/i;

const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9']+/g) ?? [];

/** Letters of words written in capitals, vehicle ids and short acronyms (ABS, DPF, TRK-204) aside. */
function shouting(text: string): boolean {
  const caps = (text.match(/\b[A-Z]{3,}\b(?!-?\d)/g) ?? []).filter((w) => w.length >= 4 || /[AEIOU]/.test(w));
  const letters = text.replace(/[^A-Za-z]/g, '');
  const upper = letters.replace(/[^A-Z]/g, '').length;
  return caps.length >= 2 && upper / Math.max(1, letters.length) >= 0.6;
}

/** The same ask as an earlier message: at least 60 % of the words of the shorter are shared. */
function repeatedAsk(text: string, previous: readonly string[]): boolean {
  const mine = new Set(words(text).filter((w) => w.length > 2));
  if (mine.size < 2) return false;
  return previous.slice(-PREVIOUS_MESSAGES).some((earlier) => {
    const theirs = new Set(words(earlier).filter((w) => w.length > 2));
    if (theirs.size < 2) return false;
    let shared = 0;
    for (const w of mine) if (theirs.has(w)) shared++;
    return shared / Math.min(mine.size, theirs.size) >= 0.6;
  });
}

/**
 * Scores one message. `previous` holds the conversation's earlier user messages, oldest first
 * (the last {@link PREVIOUS_MESSAGES} count): asking the same thing again is a cue.
 */
export function scoreFrustration(text: string, previous: readonly string[] = []): Frustration {
  const found: FrustrationCue[] = [];
  if (ANGER.test(text)) found.push('anger');
  if (INSULT.test(text)) found.push('insult');
  if (REPEAT_WORDS.test(text)) found.push('repeatWords');
  else if (AGAIN.test(text)) found.push('again');
  if (repeatedAsk(text, previous)) found.push('repeatedAsk');
  if (shouting(text)) found.push('shouting');
  if (/!{2,}|\?!|!\?/.test(text)) found.push('exclamations');
  const score = Math.min(
    1,
    found.reduce((sum, cue) => sum + FRUSTRATION_WEIGHTS[cue], 0),
  );
  const rounded = Math.round(score * 100) / 100;
  return { score: rounded, frustrated: rounded >= FRUSTRATION_THRESHOLD, cues: found };
}
