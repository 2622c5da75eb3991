/** Plain-language pieces of the bot's answers: ages, sensors, conditions. */

const SENSOR_NAMES: Readonly<Record<string, { readonly label: string; readonly unit: string }>> = {
  engineTemp: { label: 'engine temperature', unit: '°C' },
  oilPressure: { label: 'oil pressure', unit: ' psi' },
  speed: { label: 'speed', unit: ' km/h' },
  rpm: { label: 'engine speed', unit: ' rpm' },
  fuelLevel: { label: 'fuel level', unit: '%' },
  batteryVoltage: { label: 'battery voltage', unit: ' V' },
  acceleration: { label: 'acceleration', unit: ' m/s²' },
  odometer: { label: 'odometer', unit: ' km' },
};

/** `engine temperature` for `engineTemp`; an unknown sensor keeps its name. */
export function sensorLabel(metric: string): string {
  return SENSOR_NAMES[metric]?.label ?? metric;
}

/** `120°C` for (`engineTemp`, 120). */
export function sensorValue(metric: string, value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded}${SENSOR_NAMES[metric]?.unit ?? ''}`;
}

/** "2 minutes ago", "just now", "3 days ago": how long before `now` the instant was. */
export function timeAgo(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 45) return 'just now';
  const units: readonly [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const n = Math.round(seconds / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return `${seconds} seconds ago`;
}

const OP_WORDS: Readonly<Record<string, string>> = {
  '>': 'above',
  '>=': 'at or above',
  '<': 'below',
  '<=': 'at or below',
  '==': 'equal to',
  '!=': 'not equal to',
};

/** The metrics a condition compares, so the explanation can quote the readings that crossed them. */
export function conditionMetrics(condition: unknown): string[] {
  const c = condition as Record<string, unknown> | undefined;
  if (!c || typeof c !== 'object') return [];
  if (typeof c.metric === 'string') return [c.metric];
  const parts = (Array.isArray(c.all) ? c.all : Array.isArray(c.any) ? c.any : []) as unknown[];
  return [...new Set(parts.flatMap(conditionMetrics))];
}

/** A rule condition in words: "engine temperature above 110°C and oil pressure below 15 psi". */
export function describeCondition(condition: unknown): string {
  const c = condition as Record<string, unknown> | undefined;
  if (!c || typeof c !== 'object') return 'its condition';
  if (typeof c.metric === 'string' && typeof c.value === 'number' && typeof c.op === 'string') {
    return `${sensorLabel(c.metric)} ${OP_WORDS[c.op] ?? c.op} ${sensorValue(c.metric, c.value)}`;
  }
  if (Array.isArray(c.all)) return c.all.map(describeCondition).join(' and ');
  if (Array.isArray(c.any)) return c.any.map(describeCondition).join(' or ');
  if (c.geofence) return `the vehicle crossing a geofence (${String((c as { on?: string }).on ?? 'exit')})`;
  if (c.maintenance) {
    const m = c.maintenance as { everyKm?: number; everyEngineHours?: number; everyDays?: number };
    const every = [
      m.everyKm ? `${m.everyKm} km` : undefined,
      m.everyEngineHours ? `${m.everyEngineHours} engine hours` : undefined,
      m.everyDays ? `${m.everyDays} days` : undefined,
    ].filter(Boolean);
    return `a service every ${every.join(' or ')}`;
  }
  if (c.model === 'failure') return `a predicted failure probability ${OP_WORDS[String(c.op)] ?? c.op} ${c.value}`;
  if (c.model === 'driving_anomaly') return 'unusual driving detected by the anomaly model';
  return 'its condition';
}
