/**
 * The OpenSearch role fleetops functions are mapped to, shared by the custom resource (which
 * applies it) and its construct (which validates and passes the index patterns). No imports, so
 * synth does not load the OpenSearch client.
 */

/** The OpenSearch role fleetops functions are mapped to: documents and indices, nothing of security. */
export const SEARCH_SERVICE_ROLE = 'fleetops_service';

/** fleetops' own indices: the search adapter names them `fleetops-<collection>`. */
export const DEFAULT_INDEX_PATTERNS: readonly string[] = ['fleetops-*'];

/** The `fleetops_service` role: documents and index management of `indexPatterns` only. */
export function serviceRoleDefinition(indexPatterns: readonly string[]) {
  return {
    cluster_permissions: ['cluster_composite_ops', 'cluster_monitor'],
    index_permissions: [{ index_patterns: [...indexPatterns], allowed_actions: ['crud', 'create_index', 'manage'] }],
  };
}

/**
 * Rejects index patterns that reach beyond fleetops' own indices: `*`, a leading wildcard, or a
 * system index such as `.opendistro_security`. A pattern is a lower-case prefix, optionally ending in `*`.
 */
export function assertIndexPatterns(patterns: unknown): asserts patterns is readonly string[] {
  if (!Array.isArray(patterns) || patterns.length === 0) throw new Error('IndexPatterns must be a non-empty list');
  for (const pattern of patterns) {
    if (typeof pattern !== 'string' || !/^[a-z0-9][a-z0-9_-]*\*?$/.test(pattern)) {
      throw new Error(`IndexPatterns entry '${String(pattern)}' must be a prefix like 'fleetops-*', never '*'`);
    }
  }
}
