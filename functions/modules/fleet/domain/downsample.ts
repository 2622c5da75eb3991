import { type Reading, SENSOR_FIELDS, type SensorField } from './reading.js';

/**
 * Per-bucket aggregation: position and odometer take the bucket's last value (an average position
 * is a point nobody drove through); every other sensor is the mean of the bucket's values.
 */
export const LAST_VALUE_FIELDS: readonly SensorField[] = ['lat', 'lng', 'odometer'];

/** Bucket widths a chart can label, smallest first; past a day, whole days. */
const NICE_WIDTHS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
].map((seconds) => seconds * 1000);

/** One point of a telemetry series: a reading, or a bucket's aggregate starting at `ts`. */
export type TelemetryPoint = { readonly ts: string; readonly count?: number } & {
  readonly [K in SensorField]?: number;
};

/** A vehicle's telemetry over a time range, raw or downsampled. */
export interface TelemetrySeries {
  /** Readings (raw) or bucket aggregates (downsampled), oldest first; never more than the limit. */
  readonly points: TelemetryPoint[];
  /** The readings the range holds. */
  readonly readings: number;
  /** Set when downsampled: every point is a bucket this wide, aligned to multiples of it since the epoch. */
  readonly bucketSeconds?: number;
}

/**
 * The smallest "nice" bucket width (1 s, 2 s, 5 s … 1 h … 1 day, then whole days) such that the
 * range [fromMs, toMs] spans at most `maxBuckets` buckets aligned to multiples of the width.
 */
export function bucketWidthMs(fromMs: number, toMs: number, maxBuckets: number): number {
  if (!Number.isInteger(maxBuckets) || maxBuckets < 1)
    throw new RangeError(`maxBuckets must be >= 1, got ${maxBuckets}`);
  const fits = (width: number) => Math.floor(toMs / width) - Math.floor(fromMs / width) + 1 <= maxBuckets;
  for (const width of NICE_WIDTHS_MS) if (fits(width)) return width;
  const day = 86_400_000;
  let days = Math.max(2, Math.ceil((toMs - fromMs) / day / maxBuckets));
  while (!fits(days * day)) days++;
  return days * day;
}

interface Bucket {
  count: number;
  sums: Partial<Record<SensorField, number>>;
  counts: Partial<Record<SensorField, number>>;
  last: Partial<Record<SensorField, { ts: string; value: number }>>;
}

/**
 * Builds a series from readings handed over page by page, in ascending time, without keeping more
 * than `limit` of them: while the range holds at most `limit` readings they are returned as they
 * are; past that, every reading is folded into buckets of {@link bucketWidthMs} (mean per sensor,
 * last value for {@link LAST_VALUE_FIELDS}), so memory stays bounded by `limit` whatever the range.
 */
export class SeriesBuilder {
  private raw: Reading[] | undefined = [];
  private readonly buckets = new Map<number, Bucket>();
  private width = 0;
  private total = 0;

  constructor(
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly limit: number,
  ) {}

  add(readings: readonly Reading[]): void {
    for (const reading of readings) {
      this.total++;
      if (this.raw) {
        this.raw.push(reading);
        if (this.raw.length > this.limit) this.switchToBuckets();
      } else this.fold(reading);
    }
  }

  build(): TelemetrySeries {
    if (this.raw) return { points: this.raw.map(pointOf), readings: this.total };
    const points = [...this.buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, bucket]) => aggregate(start, bucket));
    return { points, readings: this.total, bucketSeconds: this.width / 1000 };
  }

  private switchToBuckets(): void {
    this.width = bucketWidthMs(this.fromMs, this.toMs, this.limit);
    const held = this.raw ?? [];
    this.raw = undefined;
    for (const reading of held) this.fold(reading);
  }

  private fold(reading: Reading): void {
    const start = Math.floor(Date.parse(reading.ts) / this.width) * this.width;
    let bucket = this.buckets.get(start);
    if (!bucket) {
      bucket = { count: 0, sums: {}, counts: {}, last: {} };
      this.buckets.set(start, bucket);
    }
    bucket.count++;
    for (const field of SENSOR_FIELDS) {
      const value = reading[field];
      if (typeof value !== 'number') continue;
      if (LAST_VALUE_FIELDS.includes(field)) {
        const last = bucket.last[field];
        if (!last || reading.ts >= last.ts) bucket.last[field] = { ts: reading.ts, value };
      } else {
        bucket.sums[field] = (bucket.sums[field] ?? 0) + value;
        bucket.counts[field] = (bucket.counts[field] ?? 0) + 1;
      }
    }
  }
}

function pointOf(reading: Reading): TelemetryPoint {
  const { vehicleId: _vehicleId, ...point } = reading;
  return point;
}

function aggregate(start: number, bucket: Bucket): TelemetryPoint {
  const values: Partial<Record<SensorField, number>> = {};
  for (const field of SENSOR_FIELDS) {
    const last = bucket.last[field];
    const n = bucket.counts[field];
    if (last) values[field] = last.value;
    else if (n) values[field] = round((bucket.sums[field] ?? 0) / n);
  }
  return { ts: new Date(start).toISOString(), count: bucket.count, ...values };
}

/** Means to 4 decimals: more digits are float noise, not sensor resolution. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
