import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import { STAGE_NAMES } from '../../infra/config/stages.js';
import { CLOUDFORMATION_RESOURCE_LIMIT } from '../../infra/stacks/module-stack.js';
import { generatedModules } from './support/declarations.js';
import { resourceCounts, synthesise } from './support/synth.js';

/**
 * Our budget per stack: half CloudFormation's limit, so a module can double before it must split
 * (ADR 0052). A prod function costs ~14 resources, so 250 is ~17 prod functions in one module.
 */
const RESOURCE_BUDGET = 250;

/** `stack: count` lines, for a readable failure and the resource report in the ADR. */
function report(counts: ReadonlyMap<string, number>): string[] {
  return [...counts].map(([id, count]) => `${id}: ${count}`);
}

describe('stack size', () => {
  it.each(STAGE_NAMES)(`keeps every stack of the real %s app under ${RESOURCE_BUDGET} resources`, (stage) => {
    const counts = resourceCounts(synthesise(stage));
    const over = report(counts).filter((_, i) => ([...counts.values()][i] ?? 0) > RESOURCE_BUDGET);
    expect(over).toEqual([]);
    expect(counts.size).toBeGreaterThan(4);
  });

  it(`keeps every stack of a prod app with at least 60 functions, 4 more than today, under ${RESOURCE_BUDGET} resources`, () => {
    // Arrange: the registered modules (61 functions by now) grown to at least 60 and by 4 more,
    // the generated ones pointing at one fixture entry. Grown by half (92) the observability stack
    // has 343 resources (about 3.7 per function): it must split per module before ~68 functions.
    const target = Math.max(60, FUNCTIONS.length + 4);
    const modules = generatedModules(target);
    expect(modules.reduce((sum, module) => sum + module.functions.length, 0)).toBe(target);
    expect(FUNCTIONS.length).toBeLessThan(target);
    // Act
    const app = synthesise('prod', { modules });
    const counts = resourceCounts(app);
    // Assess
    const moduleCounts = app.stacks.modules.map((stack) => counts.get(stack.artifactId) ?? 0);
    expect(moduleCounts).toHaveLength(modules.length);
    // The functions really are there: a prod function is ~14 resources (role, alias, alarms, logs…).
    modules.forEach((module, i) => {
      expect(moduleCounts[i], module.name).toBeGreaterThanOrEqual(module.functions.length * 10);
    });
    for (const [id, count] of counts) {
      expect(count, `${id} has ${count} resources`).toBeLessThan(RESOURCE_BUDGET);
      expect(count).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
    }
    console.info(`prod, ${target} functions:\n  ${report(counts).join('\n  ')}`);
  });
});
