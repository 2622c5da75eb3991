/** Sensor fields as people read them: label and unit. */
export const SENSOR_LABELS: Readonly<Record<string, { readonly label: string; readonly unit: string }>> = {
  engineTemp: { label: 'Engine temperature', unit: '°C' },
  oilPressure: { label: 'Oil pressure', unit: 'psi' },
  speed: { label: 'Speed', unit: 'km/h' },
  rpm: { label: 'Engine speed', unit: 'rpm' },
  fuelLevel: { label: 'Fuel', unit: '%' },
  batteryVoltage: { label: 'Battery', unit: 'V' },
  acceleration: { label: 'Acceleration', unit: 'm/s²' },
  lat: { label: 'Latitude', unit: '°' },
  lng: { label: 'Longitude', unit: '°' },
  odometer: { label: 'Odometer', unit: 'km' },
};

/** The readings a fleet list shows first. */
export const KEY_READINGS = ['speed', 'engineTemp', 'oilPressure', 'fuelLevel', 'batteryVoltage'] as const;

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const coordinate = new Intl.NumberFormat(undefined, { minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** A sensor value with its unit, e.g. "92.5 °C". */
export function formatReading(field: string, value: number): string {
  const unit = SENSOR_LABELS[field]?.unit;
  return `${number.format(value)}${unit ? ` ${unit}` : ''}`;
}

/** A plain number in the user's locale, at most one decimal. */
export function formatNumber(value: number): string {
  return number.format(value);
}

/** A latitude or longitude to 4 decimals (about 10 m). */
export function formatCoordinate(value: number): string {
  return coordinate.format(value);
}

/** The field's label, or the field itself when unknown. */
export function sensorLabel(field: string): string {
  return SENSOR_LABELS[field]?.label ?? field;
}
