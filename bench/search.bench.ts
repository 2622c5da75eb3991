/**
 * Search benchmark: `GET /v1/search` and `/v1/search/suggest` logic (the use cases over the local
 * MiniSearch index, facets included) on 10,000 alerts of one tenant. Collected by bench/run.ts.
 */
import os from 'node:os';
import { alertDocument, vehicleDocument } from '../functions/modules/search/domain/documents.js';
import type { IndexableAlert } from '../functions/modules/search/events.js';
import { type SearchCommand, searchEverything } from '../functions/modules/search/use-cases/search-everything.js';
import { suggestTitles } from '../functions/modules/search/use-cases/suggest-titles.js';
import { InMemorySearchIndex } from '../local/search/in-memory-search-index.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const ALERTS = 10_000;
const VEHICLES = 500;
const OTHER_TENANT_ALERTS = 2_000;

/** Deterministic, so two runs search the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The default rule pack's alert types and message templates, with plausible values. */
const TEMPLATES: readonly { type: string; severity: string; message: (v: string, r: () => number) => string }[] = [
  {
    type: 'ENGINE_FAILURE',
    severity: 'CRITICAL',
    message: (v, r) =>
      `Engine failure on ${v}: ${115 + Math.round(r() * 15)} °C with oil pressure ${5 + Math.round(r() * 8)} psi. Stop the vehicle.`,
  },
  {
    type: 'OVERHEAT',
    severity: 'HIGH',
    message: (v, r) => `Engine overheating on ${v}: ${106 + Math.round(r() * 10)} °C.`,
  },
  {
    type: 'LOW_OIL_PRESSURE',
    severity: 'HIGH',
    message: (v, r) => `Low oil pressure on ${v}: ${8 + Math.round(r() * 10)} psi.`,
  },
  { type: 'SPEEDING', severity: 'MEDIUM', message: (v, r) => `${v} is speeding: ${125 + Math.round(r() * 40)} km/h.` },
  {
    type: 'LOW_BATTERY',
    severity: 'MEDIUM',
    message: (v, r) => `Low battery on ${v}: ${(10.5 + r() * 1.2).toFixed(1)} V.`,
  },
  { type: 'LOW_FUEL', severity: 'LOW', message: (v, r) => `Low fuel on ${v}: ${Math.round(r() * 9)} %.` },
  {
    type: 'MAINTENANCE_PREDICTED',
    severity: 'HIGH',
    message: (v, r) => `Failure predicted for ${v} within 7 days (p=${(0.6 + r() * 0.4).toFixed(2)}).`,
  },
  { type: 'GEOFENCE_EXIT', severity: 'INFO', message: (v) => `${v} left the Rotterdam depot geofence.` },
];
const STATUSES = ['open', 'open', 'acknowledged', 'resolved', 'resolved', 'resolved'] as const;
const MODELS = ['Volvo FH16', 'Scania R500', 'Mercedes Sprinter', 'DAF XF', 'Iveco Daily', 'MAN TGX', 'Ford Transit'];

function vehicleIdOf(n: number): string {
  return n % 3 === 0 ? `VAN-${100 + n}` : `TRK-${100 + n}`;
}

export function alerts(tenantId: string, count: number, seed: number): IndexableAlert[] {
  const r = random(seed);
  const start = Date.parse('2026-10-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, n) => {
    const template = TEMPLATES[Math.floor(r() * TEMPLATES.length)] as (typeof TEMPLATES)[number];
    const vehicleId = vehicleIdOf(Math.floor(r() * VEHICLES));
    return {
      tenantId,
      alertId: `${tenantId}-${String(n).padStart(6, '0')}`,
      vehicleId,
      type: template.type,
      severity: template.severity,
      status: STATUSES[Math.floor(r() * STATUSES.length)] as string,
      message: template.message(vehicleId, r),
      raisedAt: new Date(start + Math.floor(r() * 60 * 86_400_000)).toISOString(),
    };
  });
}

type Query = Omit<SearchCommand, 'tenantId' | 'limit' | 'types'> & Partial<Pick<SearchCommand, 'types'>>;

/** What a dispatcher types: whole words, typos, half-typed words, filters, ranges. */
const QUERIES: Readonly<Record<string, readonly Query[]>> = {
  'exact terms': [{ text: 'engine overheating' }, { text: 'oil pressure' }, { text: 'TRK-142' }, { text: 'speeding' }],
  'typos (1–2 edits)': [
    { text: 'overheatnig' },
    { text: 'batery' },
    { text: 'presure' },
    { text: 'engnie failre' },
    { text: 'speding' },
  ],
  'prefixes (as you type)': [
    { text: 'eng' },
    { text: 'engine ov' },
    { text: 'low f' },
    { text: 'geofe' },
    { text: 'trk-14' },
  ],
  'text + filters': [
    { text: 'engine', severity: 'CRITICAL', status: 'open' },
    { text: 'low', status: 'acknowledged' },
    {
      text: 'overheting',
      severity: 'HIGH',
      from: new Date('2026-10-15T00:00:00Z'),
      to: new Date('2026-11-01T00:00:00Z'),
    },
  ],
  'filters only (no text)': [
    { severity: 'CRITICAL' },
    { status: 'open', from: new Date('2026-11-20T00:00:00Z') },
    { types: ['alert'] },
  ],
};
const SUGGESTIONS = ['en', 'eng', 'engine ov', 'low b', 'mercdes', 'trk-14', 'geof', 'sp'];

interface Samples {
  /** Wall-clock milliseconds per call. */
  readonly wall: number[];
  /** This process's CPU milliseconds per call (user + system): what contention does not inflate. */
  readonly cpu: number[];
}

async function timeEach<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<Samples> {
  for (let i = 0; i < 20; i++) for (const item of items) await fn(item); // warm-up: JIT, MiniSearch caches
  const samples: Samples = { wall: [], cpu: [] };
  for (let pass = 0; pass < 40; pass++) {
    for (const item of items) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      await fn(item);
      samples.wall.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      samples.cpu.push((used.user + used.system) / 1000);
    }
  }
  return samples;
}

const ms = (value: number) => value.toFixed(2);

/** Runs the benchmark and returns its section of docs/benchmarks.md. */
export default async function run(): Promise<BenchSection> {
  const search = new InMemorySearchIndex();
  const acme = alerts('acme', ALERTS, 42);
  const vehicles = Array.from({ length: VEHICLES }, (_, n) =>
    vehicleDocument(
      {
        tenantId: 'acme',
        vehicleId: vehicleIdOf(n),
        name: `${MODELS[n % MODELS.length]} #${n}`,
        type: n % 3 === 0 ? 'van' : 'truck',
      },
      new Date('2026-09-01T00:00:00Z'),
    ),
  );
  const heapBefore = process.memoryUsage().heapUsed;
  const indexStart = performance.now();
  for (let i = 0; i < acme.length; i += 100) await search.upsert(acme.slice(i, i + 100).map(alertDocument));
  const indexMs = performance.now() - indexStart;
  await search.upsert(vehicles);
  await search.upsert(alerts('globex', OTHER_TENANT_ALERTS, 7).map(alertDocument));
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const rows: (string | number)[][] = [];
  const row = (what: string, queries: number | string, samples: Samples, bold = false) => {
    const p99 = ms(quantile(samples.wall, 0.99));
    rows.push([
      what,
      queries,
      samples.wall.length,
      ms(quantile(samples.wall, 0.5)),
      bold ? `**${p99}**` : p99,
      ms(quantile(samples.cpu, 0.5)),
      ms(quantile(samples.cpu, 0.99)),
    ]);
  };
  const all: Samples = { wall: [], cpu: [] };
  for (const [kind, queries] of Object.entries(QUERIES)) {
    const samples = await timeEach(queries, (query) =>
      searchEverything({ search }, { tenantId: 'acme', limit: 20, types: ['alert', 'vehicle'], ...query }),
    );
    all.wall.push(...samples.wall);
    all.cpu.push(...samples.cpu);
    row(`search: ${kind}`, queries.length, samples);
  }
  row('**search: all of the above**', '', all, true);
  const suggestions = await timeEach(SUGGESTIONS, (text) =>
    suggestTitles({ search }, { tenantId: 'acme', text, types: ['alert', 'vehicle'], limit: 8 }),
  );
  row('**suggest**', SUGGESTIONS.length, suggestions, true);
  const load = os.loadavg()[0]?.toFixed(1) ?? '?';

  return {
    title: 'Search (local MiniSearch adapter, 10,000 alerts)',
    method: [
      `The \`GET /v1/search\` and \`/v1/search/suggest\` use cases (facets over every match, cursor, item`,
      `mapping; no HTTP) on the local MiniSearch index holding ${ALERTS.toLocaleString('en')} alerts and`,
      `${VEHICLES} vehicles of one tenant (plus ${OTHER_TENANT_ALERTS.toLocaleString('en')} alerts of another),`,
      `generated from the default rule pack's message templates over 60 days. Queries are what a`,
      'dispatcher types: whole words, 1–2 edit typos, half-typed words, text with severity/status/date',
      'filters, filter-only listings; each searches alerts and vehicles, 20 per page. 20 warm-up passes,',
      `then 40 timed passes over each set, one at a time, in one process on ${os.cpus().length} cores`,
      `(1-minute load average ${load} when it finished: the wall-clock tail includes waiting for a core;`,
      'the CPU columns are this process’s own CPU time per call).',
      `Indexing the ${ALERTS.toLocaleString('en')} alerts (batches of 100) took ${Math.round(indexMs)} ms;`,
      `the index of the whole corpus holds about ${Math.round(heapMiB)} MiB of heap.`,
    ].join(' '),
    table: markdownTable(['what', 'queries', 'samples', 'p50 ms', 'p99 ms', 'CPU p50 ms', 'CPU p99 ms'], rows),
  };
}
