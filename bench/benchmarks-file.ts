/**
 * docs/benchmarks.md as a list of sections keyed by title, so one run can replace the sections it
 * measured and keep the others (`npm run bench webhooks` refreshes one stage), and a stage that
 * fails does not discard what the stages before it measured.
 */
import type { BenchSection } from './bench-section.js';

/** A section as it stands in the file: its title and everything under its `## ` heading. */
export interface StoredSection {
  readonly title: string;
  readonly body: string;
}

const INTRO =
  'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each section says how it measures and when it last ran.';

/** The `## ` sections of a benchmarks file (its header and intro are not sections). */
export function parseSections(markdown: string): StoredSection[] {
  const sections: StoredSection[] = [];
  for (const chunk of markdown.split(/^## /m).slice(1)) {
    const newline = chunk.indexOf('\n');
    const title = (newline < 0 ? chunk : chunk.slice(0, newline)).trim();
    sections.push({ title, body: newline < 0 ? '' : chunk.slice(newline + 1).trim() });
  }
  return sections;
}

/** The stored form of a section measured now: when and where it ran, its method, its table. */
export function storedSection(section: BenchSection, ranOn: string, at: Date): StoredSection {
  return {
    title: section.title,
    body: `Last run: ${at.toISOString()} on ${ranOn}.\n\n${section.method}\n\n${section.table}`,
  };
}

/** `existing` with each of `updates` replacing the section of the same title; new titles are added, sorted by title. */
export function mergeSections(existing: readonly StoredSection[], updates: readonly StoredSection[]): StoredSection[] {
  const byTitle = new Map(existing.map((s) => [s.title, s]));
  for (const update of updates) byTitle.set(update.title, update);
  return [...byTitle.values()].sort((a, b) => a.title.localeCompare(b.title));
}

/** The whole file. */
export function renderBenchmarks(sections: readonly StoredSection[]): string {
  return ['# Benchmarks', '', INTRO, '', ...sections.map((s) => `## ${s.title}\n\n${s.body}\n`)].join('\n');
}
