import type { DrivingWindow, SpeedSample } from '../../../ml/ports/anomaly-detector.js';

/** The detector was trained on 12 samples at 1 Hz: an 11-second window. */
export const WINDOW_SAMPLES = 12;
const STEP_MS = 1000;
const WINDOW_MS = (WINDOW_SAMPLES - 1) * STEP_MS;
/** A new window at most every this often per vehicle, so one harsh event is scored a few times, not 12. */
export const WINDOW_STRIDE_MS = 5000;
/** Samples further apart than this are not interpolated across: the window is skipped. */
export const MAX_GAP_MS = 15_000;
/** Samples kept per vehicle, and for how long. */
const BUFFER_MAX = 128;
/** Samples closer than this to a kept one are dropped: windows are 1 Hz, so 4 Hz is plenty to keep. */
const MIN_SPACING_MS = 250;
const BUFFER_MS = 60_000;

/** A vehicle's recent speed samples `[epochMs, km/h]` and where its last window ended. */
export interface SpeedBuffer {
  s: [number, number][];
  /** End of the last window handed to the detector (epoch ms, 0 = none). */
  w: number;
}

export function emptySpeedBuffer(): SpeedBuffer {
  return { s: [], w: 0 };
}

function insert(buffer: SpeedBuffer, ts: number, speed: number): void {
  const s = buffer.s;
  let i = s.length;
  while (i > 0 && (s[i - 1] as [number, number])[0] > ts) i--;
  const before = s[i - 1];
  const after = s[i];
  if ((before && ts - before[0] < MIN_SPACING_MS) || (after && after[0] - ts < MIN_SPACING_MS)) return;
  s.splice(i, 0, [ts, speed]);
}

function speedAt(s: readonly [number, number][], ts: number, from: number): { value: number; index: number } {
  let i = from;
  while (i + 1 < s.length && (s[i + 1] as [number, number])[0] <= ts) i++;
  const [t0, v0] = s[i] as [number, number];
  const next = s[i + 1];
  if (!next || t0 === ts) return { value: v0, index: i };
  const [t1, v1] = next;
  return { value: v0 + ((v1 - v0) * (ts - t0)) / (t1 - t0), index: i };
}

/**
 * Windows for the anomaly detector from the speeds a vehicle reports, at whatever rate: samples
 * go into the vehicle's buffer (kept in its evaluation state), and for each new sample at least
 * {@link WINDOW_STRIDE_MS} after the last window's end, the 11 s before it are resampled to 1 Hz by
 * linear interpolation, provided the buffer covers them with no gap over {@link MAX_GAP_MS}.
 * Faster reporters are downsampled, slower ones (up to one reading per 15 s) interpolated; a
 * vehicle reporting more sparsely than that gets no windows (the model cannot see braking then).
 * Mutates the buffer; `samples` must be one vehicle's, in any order.
 */
export function drivingWindows(
  vehicleId: string,
  buffer: SpeedBuffer,
  samples: readonly SpeedSample[],
): DrivingWindow[] {
  for (const sample of samples) insert(buffer, sample.ts, sample.speed);
  const s = buffer.s;
  const newest = s.length > 0 ? (s[s.length - 1] as [number, number])[0] : 0;
  // Forget what no future window can reach.
  while (s.length > BUFFER_MAX || (s.length > 0 && (s[0] as [number, number])[0] < newest - BUFFER_MS)) s.shift();

  const ends = samples.map((x) => x.ts).sort((a, b) => a - b);
  const windows: DrivingWindow[] = [];
  for (const end of ends) {
    if (end < buffer.w + WINDOW_STRIDE_MS) continue;
    const start = end - WINDOW_MS;
    // The last sample at or before the window's start: the window must be covered from its start.
    let before = -1;
    while (before + 1 < s.length && (s[before + 1] as [number, number])[0] <= start) before++;
    if (before < 0) continue;
    let gapOk = true;
    for (let i = before + 1; i < s.length && (s[i - 1] as [number, number])[0] < end; i++) {
      if ((s[i] as [number, number])[0] - (s[i - 1] as [number, number])[0] > MAX_GAP_MS) gapOk = false;
    }
    if (!gapOk) continue;
    const resampled: SpeedSample[] = [];
    let index = before;
    for (let k = 0; k < WINDOW_SAMPLES; k++) {
      const at = start + k * STEP_MS;
      const found = speedAt(s, at, index);
      index = found.index;
      resampled.push({ ts: at, speed: found.value });
    }
    windows.push({ vehicleId, samples: resampled });
    buffer.w = end;
  }
  return windows;
}
