/** `fleet_manager` / `ws-authorize` / `ingestTelemetry` → `FleetManager` / `WsAuthorize` / `IngestTelemetry`. */
export function pascalCase(value: string): string {
  return value
    .split(/[_\-\s]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * Physical name of a named fleetops resource: `fleetops-{stage}-{name}`. Tables and the search
 * domain have fixed names so the API stack can build their ARNs itself (no cross-stack token inside
 * an IAM wildcard, which would make the grant's nag finding unpredictable; ADR 0010).
 */
export function physicalName(stage: string, name: string): string {
  return `fleetops-${stage}-${name}`;
}

/** Name of the function that maps search roles; the search admin role may write only its logs. */
export function searchRoleMappingFunctionName(stage: string): string {
  return physicalName(stage, 'search-role-mapping');
}

/**
 * Name of the role-mapping function's execution role: the one principal the search master role
 * trusts (ADR 0050). IAM is account-global, so the region is part of it (one stage may run in two
 * regions of an account). `region` may be the `AWS::Region` token.
 */
export function searchRoleMappingRoleName(functionName: string, region: string): string {
  return `${functionName}-${region}`;
}
