import type { Logger } from '@aws-lambda-powertools/logger';
import type { LocalIssuer } from '../auth/local-issuer.js';
import type { DemoTenant } from '../seed/demo-data.js';
import { FAULT_KINDS, SimulatedVehicle, seededRandom } from './vehicle-model.js';

export interface FleetSimulatorOptions {
  /** The local stack's URL; readings go through the real HTTP API like a partner's would. */
  readonly baseUrl: string;
  readonly issuer: LocalIssuer;
  readonly tenants: readonly DemoTenant[];
  readonly logger: Logger;
  /** @default 5000 */
  readonly intervalMs?: number;
  /** Chance per vehicle per tick that a fault starts. @default 0.01 */
  readonly faultProbability?: number;
  /** @default a seed from the clock */
  readonly seed?: number;
}

interface TenantFleet {
  readonly demo: DemoTenant;
  readonly partnerId: string;
  readonly vehicles: SimulatedVehicle[];
  token?: { value: string; expiresAt: number };
}

/**
 * The simulated fleet of `npm start`: every few seconds each demo tenant's telematics partner posts
 * one batch with a reading per vehicle to `POST /v1/telemetry`, authenticated with a partner token
 * from the local issuer. Now and then a vehicle develops a fault for a few readings.
 */
export class FleetSimulator {
  readonly #options: FleetSimulatorOptions;
  readonly #random: () => number;
  readonly #fleets: TenantFleet[];
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();

  constructor(options: FleetSimulatorOptions) {
    this.#options = options;
    this.#random = seededRandom(options.seed ?? Date.now());
    this.#fleets = options.tenants.map((demo) => ({
      demo,
      partnerId: demo.users.find((u) => u.roles.includes('partner'))?.userId ?? `${demo.tenant.tenantId}-partner`,
      vehicles: demo.vehicles.map((vehicle) => new SimulatedVehicle(vehicle, demo.depot, this.#random)),
    }));
  }

  start(): void {
    const interval = this.#options.intervalMs ?? 5000;
    this.#options.logger.info('fleet simulator started', {
      intervalMs: interval,
      vehicles: this.#fleets.reduce((n, f) => n + f.vehicles.length, 0),
    });
    this.#timer = setInterval(() => {
      this.#tick = this.#tick.then(() => this.tick());
    }, interval);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#tick;
  }

  /** Sends one batch per tenant now. */
  async tick(): Promise<void> {
    const now = new Date();
    const seconds = (this.#options.intervalMs ?? 5000) / 1000;
    await Promise.all(
      this.#fleets.map(async (fleet) => {
        const readings = fleet.vehicles.map((vehicle) => {
          if (!vehicle.fault && this.#random() < (this.#options.faultProbability ?? 0.01)) {
            const kind = FAULT_KINDS[Math.floor(this.#random() * FAULT_KINDS.length)] ?? 'OVERHEAT';
            vehicle.startFault(kind);
            this.#options.logger.info('simulated fault', {
              tenantId: fleet.demo.tenant.tenantId,
              vehicleId: vehicle.vehicle.vehicleId,
              fault: kind,
            });
          }
          return vehicle.step(seconds, now);
        });
        try {
          const response = await fetch(`${this.#options.baseUrl}/v1/telemetry`, {
            method: 'POST',
            headers: { authorization: `Bearer ${await this.#token(fleet)}`, 'content-type': 'application/json' },
            body: JSON.stringify({ readings }),
          });
          const text = await response.text();
          if (response.status !== 202) {
            this.#options.logger.warn('simulator batch refused', {
              tenantId: fleet.demo.tenant.tenantId,
              status: response.status,
              body: text.slice(0, 500),
            });
          }
        } catch (error) {
          this.#options.logger.warn('simulator batch failed', {
            tenantId: fleet.demo.tenant.tenantId,
            error: error as Error,
          });
        }
      }),
    );
  }

  async #token(fleet: TenantFleet): Promise<string> {
    // Re-issue ahead of expiry, as a partner's OAuth client would.
    if (!fleet.token || fleet.token.expiresAt - Date.now() < 5 * 60_000) {
      const value = await this.#options.issuer.issue({
        tenantId: fleet.demo.tenant.tenantId,
        userId: fleet.partnerId,
        roles: ['partner'],
      });
      fleet.token = { value, expiresAt: Date.now() + 3600_000 };
    }
    return fleet.token.value;
  }
}
