import type { HttpTrigger } from '../../functions/platform/wiring/declaration.js';
import type { MountedFunction } from '../runtime/functions.js';

/** One declared HTTP route, compiled for matching. */
export interface HttpRoute {
  readonly trigger: HttpTrigger;
  readonly fn: MountedFunction;
  /** `POST /v1/telemetry`, as API Gateway names it in `routeKey`. */
  readonly routeKey: string;
  readonly regex: RegExp;
  readonly paramNames: readonly string[];
}

export type RouteMatch =
  | { readonly kind: 'matched'; readonly route: HttpRoute; readonly pathParameters: Record<string, string> }
  /** The path is declared but not for this method (API Gateway answers 404 all the same). */
  | { readonly kind: 'methodNotDeclared'; readonly allowed: readonly string[] }
  | { readonly kind: 'none' };

/** Compiles the `http` triggers of mounted functions; throws on a route declared twice. */
export function compileRoutes(functions: readonly MountedFunction[]): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const fn of functions) {
    for (const trigger of fn.declaration.triggers) {
      if (trigger.kind !== 'http') continue;
      const routeKey = `${trigger.method} ${trigger.path}`;
      if (routes.some((r) => r.routeKey === routeKey)) throw new Error(`Route ${routeKey} is declared twice`);
      const paramNames: string[] = [];
      const source = trigger.path
        .split('/')
        .map((segment) => {
          const param = /^\{([A-Za-z0-9_]+)(\+)?\}$/.exec(segment);
          if (!param) return escapeRegex(segment);
          paramNames.push(param[1] as string);
          // `{proxy+}` is greedy, as in API Gateway.
          return param[2] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      routes.push({ trigger, fn, routeKey, regex: new RegExp(`^${source}$`), paramNames });
    }
  }
  // Literal segments win over parameters, as API Gateway prefers the most specific route.
  return routes.sort((a, b) => a.paramNames.length - b.paramNames.length);
}

/** Finds the route for a method and a (still percent-encoded) path. */
export function matchRoute(routes: readonly HttpRoute[], method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.regex.exec(path);
    if (!match) continue;
    if (route.trigger.method !== method) {
      allowed.push(route.trigger.method);
      continue;
    }
    const pathParameters: Record<string, string> = {};
    route.paramNames.forEach((name, index) => {
      pathParameters[name] = safeDecode(match[index + 1] as string);
    });
    return { kind: 'matched', route, pathParameters };
  }
  return allowed.length > 0 ? { kind: 'methodNotDeclared', allowed } : { kind: 'none' };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
