import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import {
  bundleFunctions,
  classicZodModules,
  clientViolations,
  type FunctionBundles,
  initMillis,
  kindsOf,
} from '../../infra/bundling/function-bundles.js';

/**
 * Bundles every declared function as infra/constructs/fleet-function.ts does (esbuild through
 * NodejsFunction) and checks that no bundle carries a client its bindings do not grant (web-push
 * only with the webpush channel), that none carries classic zod, and that each bundle loads. Sizes and cold-start init times are measured by bench/bundles.bench.ts.
 */

let built: FunctionBundles | undefined;

beforeAll(async () => {
  built = await bundleFunctions(FUNCTIONS);
}, 120_000);

afterAll(async () => {
  await built?.dispose();
});

describe('Lambda bundles', () => {
  it.each(
    FUNCTIONS.map((f) => [f.name, [...kindsOf(f)].sort().join(', ')]),
  )('%s bundles no client it has no binding for (binds: %s)', (name) => {
    const bundle = built?.bundles.get(name);
    expect(bundle, `${name} was not bundled`).toBeDefined();
    expect(bundle && clientViolations(bundle)).toEqual([]);
  });

  it('no bundle carries classic zod: schemas come from zod/mini through functions/platform/zod.ts', () => {
    const offenders = [...(built?.bundles.values() ?? [])]
      .map((bundle) => [bundle.declaration.name, classicZodModules(bundle)] as const)
      .filter(([, files]) => files.length > 0);
    expect(Object.fromEntries(offenders)).toEqual({});
  });

  it('every bundle loads in a fresh node process with only its bound variables set', async () => {
    // One at a time: two cores; a bundle that throws at import (a missing variable, a bad
    // external) rejects here with its stderr.
    for (const bundle of built?.bundles.values() ?? []) {
      expect(await initMillis(bundle), bundle.declaration.name).toBeGreaterThan(0);
    }
  }, 120_000);
});
