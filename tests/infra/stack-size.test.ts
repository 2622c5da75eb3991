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

  it(`keeps every stack of a prod app with 60 functions under ${RESOURCE_BUDGET} resources`, () => {
    // Arrange: the registered modules grown to 60 functions, all pointing at one fixture entry.
    const modules = generatedModules(60);
    expect(modules.reduce((sum, module) => sum + module.functions.length, 0)).toBe(60);
    expect(FUNCTIONS.length).toBeLessThan(60);
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
    console.info(`prod, 60 functions:\n  ${report(counts).join('\n  ')}`);
  });
});
