import type { VehicleEvaluationState } from '../domain/rule-engine.js';

/** A vehicle's evaluation state with the revision its conditional write must match (0 = new). */
export interface StoredEvaluationState {
  readonly state: VehicleEvaluationState;
  readonly rev: number;
}

/** Per-vehicle evaluation state (duration runs, geofence sides, speed windows) of the alert engine. */
export interface EvaluationStateStore {
  /** The states that exist for these vehicles (one batched read). */
  load(tenantId: string, vehicleIds: readonly string[]): Promise<StoredEvaluationState[]>;
  /**
   * Writes the states if their revisions are unchanged since `load`, all or none (in chunks of
   * the store's transaction size). Throws EvaluationStateConflict naming the vehicles another
   * evaluation wrote first, so the caller re-evaluates from the newer states.
   */
  save(tenantId: string, states: readonly StoredEvaluationState[]): Promise<void>;
}

/** Another evaluation changed a vehicle's state between load and save. */
export class EvaluationStateConflict extends Error {
  override readonly name = 'EvaluationStateConflict';
  constructor(readonly vehicleIds: readonly string[]) {
    super(`Evaluation state of ${vehicleIds.join(', ')} changed concurrently; retry the evaluation`);
  }
}
