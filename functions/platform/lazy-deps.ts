import type { PlatformDeps } from './deps.js';

/**
 * Memoises a factory: the member is built on first use and reused for the container's lifetime,
 * so a function creates only the clients it touches and reads only the env vars it is bound to.
 */
export function lazy<T>(factory: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = factory();
      built = true;
    }
    return value;
  };
}

/** One getter per member; `awsDeps()` and the local stack's `localDeps()` each supply theirs. */
export type DepsFactories = { readonly [K in keyof PlatformDeps]: () => PlatformDeps[K] };

/** PlatformDeps whose members are produced by their getters on access. */
export function lazyDeps(factories: DepsFactories): PlatformDeps {
  const deps = {} as PlatformDeps;
  for (const [name, get] of Object.entries(factories)) {
    Object.defineProperty(deps, name, { get, enumerable: true });
  }
  return deps;
}
