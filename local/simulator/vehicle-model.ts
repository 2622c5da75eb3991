import type { Vehicle } from '../../functions/modules/fleet/domain/fleet.js';
import type { Reading } from '../../functions/modules/fleet/domain/reading.js';

/** A fault the simulator injects now and then, named after the rule it should trip. */
export type FaultKind = 'OVERHEAT' | 'LOW_OIL_PRESSURE' | 'ENGINE_FAILURE' | 'LOW_BATTERY' | 'SPEEDING';
export const FAULT_KINDS: readonly FaultKind[] = [
  'OVERHEAT',
  'LOW_OIL_PRESSURE',
  'ENGINE_FAILURE',
  'LOW_BATTERY',
  'SPEEDING',
];

interface Point {
  readonly lat: number;
  readonly lng: number;
}

/** A seeded PRNG (mulberry32), so a simulated run can be replayed in a test. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KM_PER_DEGREE_LAT = 111.32;

/**
 * One simulated vehicle: drives a loop of waypoints around its depot and produces readings whose
 * values move the way real ones do — speed eases towards a target, rpm follows speed, engine
 * temperature and oil pressure drift around their operating points, fuel falls with distance and
 * is refilled, the battery charges while the engine runs. `startFault` bends the values so a rule
 * fires for a few ticks.
 */
export class SimulatedVehicle {
  readonly #random: () => number;
  readonly #route: Point[];
  readonly #isTruck: boolean;
  #segment = 0;
  #progressKm = 0;
  #speed = 0;
  #targetSpeed = 40;
  #engineTemp = 70;
  #oilPressure = 38;
  #fuel: number;
  #battery = 14.1;
  #odometer: number;
  #fault: { kind: FaultKind; ticksLeft: number } | undefined;

  constructor(
    readonly vehicle: Vehicle,
    depot: Point,
    random: () => number,
  ) {
    this.#random = random;
    this.#isTruck = vehicle.type === 'truck';
    this.#fuel = 55 + random() * 40;
    this.#odometer = Math.round(20_000 + random() * 180_000);
    // A loop of 6–9 waypoints 3–9 km from the depot: a delivery round.
    const stops = 6 + Math.floor(random() * 4);
    const kmPerDegreeLng = KM_PER_DEGREE_LAT * Math.cos((depot.lat * Math.PI) / 180);
    this.#route = Array.from({ length: stops }, (_, i) => {
      const angle = (2 * Math.PI * i) / stops + random() * 0.4;
      const radiusKm = 3 + random() * 6;
      return {
        lat: depot.lat + (radiusKm * Math.sin(angle)) / KM_PER_DEGREE_LAT,
        lng: depot.lng + (radiusKm * Math.cos(angle)) / kmPerDegreeLng,
      };
    });
    this.#segment = Math.floor(random() * stops);
  }

  /** The fault in progress, if any. */
  get fault(): FaultKind | undefined {
    return this.#fault?.kind;
  }

  /** Makes the next few readings show `kind`. */
  startFault(kind: FaultKind, ticks = 3 + Math.floor(this.#random() * 3)): void {
    this.#fault = { kind, ticksLeft: ticks };
  }

  /** Advances the vehicle by `seconds` and returns the reading taken at `at`. */
  step(seconds: number, at: Date): Reading {
    const r = this.#random;
    const previousSpeed = this.#speed;
    // Speed eases towards a target that changes at times (traffic, a stop, open road).
    if (r() < 0.08) this.#targetSpeed = r() < 0.15 ? 0 : (this.#isTruck ? 45 : 35) + r() * (this.#isTruck ? 45 : 50);
    this.#speed = clamp(this.#speed + (this.#targetSpeed - this.#speed) * 0.35 + (r() - 0.5) * 4, 0, 110);
    if (this.#targetSpeed === 0 && this.#speed < 3) this.#speed = 0;

    const distanceKm = (this.#speed * seconds) / 3600;
    this.#advance(distanceKm);
    this.#odometer += distanceKm;
    this.#fuel -= distanceKm * (this.#isTruck ? 0.09 : 0.05) + (this.#speed === 0 ? 0.002 : 0);
    if (this.#fuel < 12) this.#fuel = 92 + r() * 8; // refuelled at the depot

    const rpm = this.#speed === 0 ? 650 + r() * 80 : 900 + this.#speed * (this.#isTruck ? 14 : 22) + (r() - 0.5) * 120;
    const operatingTemp = 86 + this.#speed / 25;
    this.#engineTemp += (operatingTemp - this.#engineTemp) * 0.2 + (r() - 0.5) * 0.8;
    this.#oilPressure += (28 + rpm / 120 - this.#oilPressure) * 0.3 + (r() - 0.5) * 1.5;
    this.#battery += (14.1 - this.#battery) * 0.3 + (r() - 0.5) * 0.08;

    let speed = this.#speed;
    let engineTemp = this.#engineTemp;
    let oilPressure = this.#oilPressure;
    let battery = this.#battery;
    if (this.#fault) {
      switch (this.#fault.kind) {
        case 'OVERHEAT':
          engineTemp = 112 + r() * 6;
          break;
        case 'LOW_OIL_PRESSURE':
          oilPressure = 8 + r() * 4;
          break;
        case 'ENGINE_FAILURE':
          engineTemp = 120 + r() * 4;
          oilPressure = 6 + r() * 4;
          break;
        case 'LOW_BATTERY':
          battery = 11.2 + r() * 0.4;
          break;
        case 'SPEEDING':
          speed = 122 + r() * 10;
          break;
      }
      this.#fault.ticksLeft -= 1;
      if (this.#fault.ticksLeft <= 0) this.#fault = undefined;
    }
    const position = this.#position();
    return {
      vehicleId: this.vehicle.vehicleId,
      ts: at.toISOString(),
      lat: round(position.lat, 6),
      lng: round(position.lng, 6),
      speed: round(speed, 1),
      rpm: Math.round(rpm),
      engineTemp: round(engineTemp, 1),
      oilPressure: round(oilPressure, 1),
      fuelLevel: round(this.#fuel, 1),
      batteryVoltage: round(battery, 2),
      acceleration: round((speed - previousSpeed) / 3.6 / Math.max(seconds, 1), 2),
      odometer: round(this.#odometer, 1),
    };
  }

  #advance(distanceKm: number): void {
    let remaining = distanceKm;
    for (let guard = 0; remaining > 0 && guard < 20; guard++) {
      const length = this.#segmentLengthKm();
      if (this.#progressKm + remaining < length) {
        this.#progressKm += remaining;
        return;
      }
      remaining -= length - this.#progressKm;
      this.#progressKm = 0;
      this.#segment = (this.#segment + 1) % this.#route.length;
    }
  }

  #segmentLengthKm(): number {
    const [from, to] = this.#segmentEnds();
    const kmPerDegreeLng = KM_PER_DEGREE_LAT * Math.cos((from.lat * Math.PI) / 180);
    return Math.hypot((to.lat - from.lat) * KM_PER_DEGREE_LAT, (to.lng - from.lng) * kmPerDegreeLng);
  }

  #segmentEnds(): [Point, Point] {
    const from = this.#route[this.#segment] as Point;
    const to = this.#route[(this.#segment + 1) % this.#route.length] as Point;
    return [from, to];
  }

  #position(): Point {
    const [from, to] = this.#segmentEnds();
    const length = this.#segmentLengthKm();
    const t = length === 0 ? 0 : this.#progressKm / length;
    return { lat: from.lat + (to.lat - from.lat) * t, lng: from.lng + (to.lng - from.lng) * t };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
