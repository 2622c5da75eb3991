/** What an agent sees of the customer beside the conversation. */
export interface CustomerContext {
  readonly vehicles: readonly {
    readonly vehicleId: string;
    readonly name: string;
    readonly type: string;
  }[];
  readonly openAlerts: readonly {
    readonly alertId: string;
    readonly vehicleId: string;
    readonly type: string;
    readonly severity: string;
    readonly status: string;
    readonly raisedAt: string;
    readonly message: string;
  }[];
}

/** The fleet and alerts a customer's ticket is about, read through those modules' ports. */
export interface CustomerFacts {
  /** The customer's vehicles (assigned to them) and the one the conversation is about, with their open alerts. */
  context(tenantId: string, customerId: string, aboutVehicleId?: string): Promise<CustomerContext>;
}
