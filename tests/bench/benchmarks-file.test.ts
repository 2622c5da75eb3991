import { describe, expect, it } from 'vitest';
import { mergeSections, parseSections, renderBenchmarks, storedSection } from '../../bench/benchmarks-file.js';

const file = renderBenchmarks([
  { title: 'Alpha', body: 'Last run: then.\n\nold alpha\n\n| a |\n| --- |' },
  { title: 'Beta', body: 'Last run: then.\n\nold beta' },
]);

describe('docs/benchmarks.md sections', () => {
  it('round-trips the sections of a rendered file', () => {
    expect(parseSections(file).map((s) => s.title)).toEqual(['Alpha', 'Beta']);
    expect(renderBenchmarks(parseSections(file))).toBe(file);
  });

  it('replaces only the section a run measured and keeps the others as they were', () => {
    const now = storedSection(
      { title: 'Beta', method: 'new method', table: '| b |\n| --- |' },
      'Node v20',
      new Date(0),
    );
    const merged = mergeSections(parseSections(file), [now]);
    expect(merged.map((s) => s.title)).toEqual(['Alpha', 'Beta']);
    expect(merged[0]?.body).toContain('old alpha');
    expect(merged[1]?.body).toBe('Last run: 1970-01-01T00:00:00.000Z on Node v20.\n\nnew method\n\n| b |\n| --- |');
  });

  it('adds a section of a new stage in title order', () => {
    const merged = mergeSections(parseSections(file), [{ title: 'Aardvark', body: 'x' }]);
    expect(merged.map((s) => s.title)).toEqual(['Aardvark', 'Alpha', 'Beta']);
  });
});
