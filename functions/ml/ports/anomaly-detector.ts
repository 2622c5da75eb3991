/** One speed sample of a vehicle. */
export interface SpeedSample {
  /** Epoch milliseconds. */
  ts: number;
  /** km/h */
  speed: number;
}

/** A window of consecutive samples of one vehicle (the model was trained on 12 samples at 1 Hz). */
export interface DrivingWindow {
  vehicleId: string;
  samples: readonly SpeedSample[];
}

/** The detector's verdict on one window. */
export interface DrivingAnomaly {
  vehicleId: string;
  /** Isolation-forest anomaly score (0..1); near 1 is anomalous. */
  score: number;
  /** Score above the threshold chosen for a false-positive rate of about 1 % on normal driving. */
  anomalous: boolean;
  threshold: number;
  /** Window start and end (epoch ms), so an alert can point at the moment. */
  from: number;
  to: number;
}

/** Port the alert engine and safety scores use to flag harsh braking, rapid acceleration and erratic speed. */
export interface AnomalyDetector {
  detect(windows: readonly DrivingWindow[]): Promise<DrivingAnomaly[]>;
}
