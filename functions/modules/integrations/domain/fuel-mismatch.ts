import { distanceM } from '../../alerts/domain/geo.js';
import type { Position } from '../../fleet/domain/fleet.js';
import type { FuelTransaction } from './vendor-reading.js';

/** A card used farther than this from where its vehicle was… */
export const FUEL_MISMATCH_DISTANCE_M = 1000;
/** …within this long of the transaction, is a mismatch. */
export const FUEL_MISMATCH_WINDOW_MS = 10 * 60_000;

/** Alert type of a fuel card used where its vehicle is not. */
export const FUEL_CARD_MISMATCH = 'FUEL_CARD_MISMATCH';

/**
 * Whether the card was used where the vehicle was not: the vehicle's last known position is at
 * most 10 minutes from the transaction (either side) and more than 1 km from it. No position, or
 * one too old to say where the vehicle was, is no evidence: no mismatch.
 */
export function fuelMismatch(
  transaction: Pick<FuelTransaction, 'at' | 'lat' | 'lng'>,
  position: Position | undefined,
): { readonly distanceM: number; readonly minutesApart: number } | undefined {
  if (!position) return undefined;
  const apart = Math.abs(Date.parse(transaction.at) - Date.parse(position.ts));
  if (!(apart <= FUEL_MISMATCH_WINDOW_MS)) return undefined;
  const distance = distanceM(transaction.lat, transaction.lng, position.lat, position.lng);
  if (distance <= FUEL_MISMATCH_DISTANCE_M) return undefined;
  return { distanceM: Math.round(distance), minutesApart: Math.round(apart / 6000) / 10 };
}
