/** People's display names in a tenant (the fleet module's user directory). */
export interface UserNames {
  /** The names known for these user ids; an unknown id is absent. */
  names(tenantId: string, userIds: readonly string[]): Promise<Map<string, string>>;
}
