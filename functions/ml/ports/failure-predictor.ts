/** Engine-health reading of one vehicle, as the alert engine sees it after telemetry ingest. */
export interface VehicleHealthReading {
  vehicleId: string;
  /** °C */
  engineTemp: number;
  /** psi */
  oilPressure: number;
  /** V */
  batteryVoltage: number;
  rpm: number;
  /** Engine load in %, when the device reports it; a typical 50 % is assumed otherwise. */
  engineLoad?: number;
  /** Operating hours since the last service, when maintenance records know it; 200 h otherwise. */
  hoursSinceService?: number;
}

/** The model's view of one vehicle's near future. */
export interface FailurePrediction {
  vehicleId: string;
  /** Probability (0..1) that the vehicle fails within `horizonHours`. */
  probability: number;
  /** Operating hours the probability refers to. */
  horizonHours: number;
  /** Probability above which a `maintenance.predicted` alert is due (the seeds' 0.8). */
  threshold: number;
}

/** Port the alert engine uses to predict vehicle failures; probability above 0.8 raises `maintenance.predicted`. */
export interface FailurePredictor {
  predict(readings: readonly VehicleHealthReading[]): Promise<FailurePrediction[]>;
}
