import { describe, expect, it } from 'vitest';
import { FRUSTRATION_THRESHOLD, scoreFrustration } from '../../functions/ml/frustration.js';

describe('frustration signal (ADR 0118)', () => {
  it.each([
    ['this is useless, I asked three times!!', ['insult', 'repeatWords', 'exclamations']],
    ['WHY DOES NOTHING WORK', ['shouting']],
    ['how many times do i have to report the brakes', ['repeatWords']],
    ['this is ridiculous', ['anger']],
  ])('%s is frustrated', (text, cues) => {
    const result = scoreFrustration(text);

    expect(result.frustrated).toBe(true);
    expect(result.cues).toEqual(cues);
    expect(result.score).toBeGreaterThanOrEqual(FRUSTRATION_THRESHOLD);
  });

  it.each([
    'my truck is overheating',
    'TRK-204 has an ABS and DPF warning',
    'what is 25 times 4',
    'thanks, that sorted it!',
    'can you check it again tomorrow',
  ])('%s is not frustrated', (text) => {
    expect(scoreFrustration(text).frustrated).toBe(false);
  });

  it('asking the same again, given the conversation, is frustration', () => {
    const previous = ['hello', 'where is TRK-204 right now'];

    const first = scoreFrustration('where is TRK-204 right now', []);
    const repeated = scoreFrustration('where is TRK-204 now?', previous);
    const different = scoreFrustration('when is TRK-204 due for service', previous);

    expect(first.frustrated).toBe(false);
    expect(repeated).toMatchObject({ frustrated: true, cues: ['repeatedAsk'] });
    expect(different.frustrated).toBe(false);
  });

  it('only the last three previous messages count', () => {
    const previous = ['where is TRK-204 right now', 'a', 'b', 'c'];

    expect(scoreFrustration('where is TRK-204 right now', previous).frustrated).toBe(false);
  });

  it('"again" alone is a weak cue, with "!!" it is frustration', () => {
    expect(scoreFrustration('it stopped again').frustrated).toBe(false);
    expect(scoreFrustration('it stopped again!!').frustrated).toBe(true);
  });
});
