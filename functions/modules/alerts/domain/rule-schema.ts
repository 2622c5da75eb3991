import * as z from '../../../platform/zod.js';
import { SENSOR_FIELDS } from '../../fleet/domain/reading.js';
import { SEVERITIES } from './alert.js';
import { COMPARISON_OPS, type Condition, GEOFENCE_ON, type Rule } from './rule.js';

/** Rule ids: URL-safe, short; generated ones are `rule_<ULID>`. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Conditions nest at most this deep and hold at most this many nodes, so evaluation stays cheap. */
export const MAX_CONDITION_DEPTH = 4;
export const MAX_POLYGON_VERTICES = 100;

const finite = (what: string) =>
  z.number({ error: `${what} must be a number` }).check(z.refine(Number.isFinite, `${what} must be finite`));
const positive = (what: string) => finite(what).check(z.refine((n) => n > 0, `${what} must be greater than 0`));
const seconds = (what: string) =>
  z
    .number({ error: `${what} must be a number of seconds` })
    .check(
      z.int({ error: `${what} must be a whole number of seconds` }),
      z.gte(0, { error: `${what} must not be negative` }),
      z.lte(30 * 86_400, { error: `${what} must be at most 30 days` }),
    );
const op = z.enum(COMPARISON_OPS, { error: `op must be one of ${COMPARISON_OPS.join(' ')}` });
const lat = finite('lat').check(z.refine((n) => n >= -90 && n <= 90, 'lat must be between -90 and 90'));
const lng = finite('lng').check(z.refine((n) => n >= -180 && n <= 180, 'lng must be between -180 and 180'));

const threshold = z.strictObject({
  metric: z.enum(SENSOR_FIELDS, { error: `metric must be one of ${SENSOR_FIELDS.join(', ')}` }),
  op,
  value: finite('value'),
});
const geofence = z.strictObject({
  geofence: z.union(
    [
      z.strictObject({ circle: z.strictObject({ lat, lng, radiusM: positive('radiusM') }) }),
      z.strictObject({
        polygon: z
          .array(z.tuple([lat, lng]), { error: 'polygon must be a list of [lat, lng] pairs' })
          .check(
            z.minLength(3, { error: 'polygon needs at least 3 vertices' }),
            z.maxLength(MAX_POLYGON_VERTICES, { error: `polygon may have at most ${MAX_POLYGON_VERTICES} vertices` }),
          ),
      }),
    ],
    { error: 'geofence must be {circle:{lat,lng,radiusM}} or {polygon:[[lat,lng],…]}' },
  ),
  on: z.enum(GEOFENCE_ON, { error: `on must be one of ${GEOFENCE_ON.join(', ')}` }),
});
const maintenance = z.strictObject({
  maintenance: z
    .strictObject({
      everyKm: z.optional(positive('everyKm')),
      everyEngineHours: z.optional(positive('everyEngineHours')),
      everyDays: z.optional(positive('everyDays')),
    })
    .check(
      z.refine((m) => m.everyKm !== undefined || m.everyEngineHours !== undefined || m.everyDays !== undefined, {
        error: 'maintenance needs everyKm, everyEngineHours or everyDays',
      }),
    ),
});
const failureModel = z.strictObject({
  model: z.literal('failure'),
  op,
  value: finite('value').check(z.refine((n) => n >= 0 && n <= 1, 'value must be a probability from 0 to 1')),
});
const drivingAnomaly = z.strictObject({ model: z.literal('driving_anomaly') });

/**
 * A condition, by the key that names its form, so an error points inside the form the client meant
 * (`condition.all.1.op`) instead of listing why it matches none of seven forms.
 */
function conditionSchema(depth: number): z.ZodMiniType<Condition> {
  const nested = z.lazy(() => conditionSchema(depth + 1));
  const list = (key: 'all' | 'any') =>
    z.strictObject({
      [key]: z
        .array(nested, { error: `${key} must be a list of conditions` })
        .check(
          z.minLength(1, { error: `${key} needs at least one condition` }),
          z.maxLength(20, { error: `${key} may hold at most 20 conditions` }),
        ),
    });
  return z.pipe(
    z.unknown(),
    z.transform((value, ctx): Condition => {
      // A mini transform has no addIssue: issues are pushed on the payload, as addIssue did.
      const fail = (message: string): never => {
        ctx.issues.push({ code: 'custom', message, input: value });
        return z.NEVER as never;
      };
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail('condition must be an object');
      }
      let schema: z.ZodMiniType;
      if ('all' in value || 'any' in value) {
        if (depth >= MAX_CONDITION_DEPTH) return fail(`conditions may nest at most ${MAX_CONDITION_DEPTH} deep`);
        schema = list('all' in value ? 'all' : 'any');
      } else if ('metric' in value) schema = threshold;
      else if ('geofence' in value) schema = geofence;
      else if ('maintenance' in value) schema = maintenance;
      else if ('model' in value)
        schema = (value as { model: unknown }).model === 'failure' ? failureModel : drivingAnomaly;
      else {
        return fail('condition must have one of metric, all, any, geofence, maintenance, model');
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data as Condition;
      for (const issue of parsed.error.issues)
        ctx.issues.push({ ...issue, code: 'custom', path: issue.path, input: value });
      return z.NEVER as never;
    }),
  ) as unknown as z.ZodMiniType<Condition>;
}

/** The fields of a rule a client writes (POST and PUT bodies); `ruleId` comes from the path on PUT. */
export const ruleBodySchema = z.strictObject({
  ruleId: z.optional(
    z.string().check(z.regex(RULE_ID_PATTERN, { error: 'ruleId must be 1-64 letters, digits, _ or -' })),
  ),
  name: z
    .string({ error: 'name is required' })
    .check(z.trim(), z.minLength(1, { error: 'name is required' }), z.maxLength(120)),
  type: z
    .string({ error: 'type is required' })
    .check(z.regex(/^[A-Z][A-Z0-9_]{0,63}$/, { error: 'type must be UPPER_SNAKE_CASE, e.g. GEOFENCE_EXIT' })),
  severity: z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` }),
  enabled: z._default(z.boolean({ error: 'enabled must be true or false' }), true),
  condition: conditionSchema(0),
  vehicleIds: z.optional(
    z
      .array(z.string().check(z.minLength(1), z.maxLength(64)), { error: 'vehicleIds must be a list of vehicle ids' })
      .check(
        z.minLength(1, { error: 'vehicleIds needs at least one id (omit it for every vehicle)' }),
        z.maxLength(500),
      ),
  ),
  forSeconds: z.optional(seconds('forSeconds')),
  cooldownSeconds: z.optional(seconds('cooldownSeconds')),
  autoResolveAfterSeconds: z.optional(seconds('autoResolveAfterSeconds')),
  message: z.optional(z.string().check(z.maxLength(500))),
  supersedes: z.optional(z.array(z.string().check(z.regex(RULE_ID_PATTERN))).check(z.maxLength(20))),
});
export type RuleBody = z.infer<typeof ruleBodySchema>;

/** A stored or shipped rule: a body with its id. */
export const ruleSchema: z.ZodMiniType<Rule> = z.extend(ruleBodySchema, {
  ruleId: z.string().check(z.regex(RULE_ID_PATTERN)),
}) as unknown as z.ZodMiniType<Rule>;
