import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Orders test files longest first on a fresh clone too. Vitest orders by the durations in its
 * results cache (node_modules/.vite), which a fresh clone does not have; it then falls back to
 * file size, and the slowest files here are small ones (tests/infra/bundles.test.ts bundles every
 * function in 40-odd lines), so they started last and one worker ran them alone at the end.
 *
 * The seconds of each file come from the results cache when it has them, otherwise from
 * tests/support/file-seconds.json (a full run's figures, refreshed with
 * `npx tsx tests/support/refresh-file-seconds.ts` after `npm test`). A file in neither is new and
 * runs first, as vitest does with unknown files. The files of a non-isolated project (tests/infra)
 * stay together, so one worker process can run them one after another and import aws-cdk-lib
 * and synthesise the app once (vitest reuses a non-isolated runner only for the next queued file).
 */
export default class DurationSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known = committedSeconds(this.ctx.config.root);
    const seconds = (spec: TestSpecification): number => {
      const file = path.relative(this.ctx.config.root, spec.moduleId).replaceAll('\\', '/');
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`);
      if (cached && !cached.failed) return cached.duration / 1000;
      if (cached?.failed) return Number.POSITIVE_INFINITY;
      return known[file] ?? Number.POSITIVE_INFINITY;
    };
    // A group is either one isolated file or every file of a non-isolated project.
    const groups = new Map<string, TestSpecification[]>();
    for (const spec of files) {
      const key = spec.project.config.isolate === false ? `project:${spec.project.name}` : `file:${spec.moduleId}`;
      groups.set(key, [...(groups.get(key) ?? []), spec]);
    }
    const weighed = [...groups.values()].map((specs) => {
      const sorted = specs
        .map((spec) => ({ spec, seconds: seconds(spec) }))
        .sort((a, b) => b.seconds - a.seconds || a.spec.moduleId.localeCompare(b.spec.moduleId));
      return { specs: sorted.map((s) => s.spec), seconds: sorted.reduce((sum, s) => sum + s.seconds, 0) };
    });
    weighed.sort(
      (a, b) => b.seconds - a.seconds || (a.specs[0]?.moduleId ?? '').localeCompare(b.specs[0]?.moduleId ?? ''),
    );
    return weighed.flatMap((group) => group.specs);
  }
}

/** tests/support/file-seconds.json: seconds per repo-relative test file of the last full run. */
function committedSeconds(root: string): Record<string, number> {
  const file = path.join(root, 'tests', 'support', 'file-seconds.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
}
