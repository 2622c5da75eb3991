import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbTelemetryHistory } from '../../functions/modules/fleet/adapters/dynamodb-telemetry-history.js';
import type { Reading } from '../../functions/modules/fleet/domain/reading.js';
import { dynamoDbInboundMessageStore } from '../../functions/modules/integrations/adapters/dynamodb-inbound-message-store.js';
import { dynamoDbPartnerRepository } from '../../functions/modules/integrations/adapters/dynamodb-partner-repository.js';
import { keys } from '../../functions/modules/integrations/adapters/keys.js';
import type { InboundMessage } from '../../functions/modules/integrations/domain/inbound-message.js';
import type { Partner, PartnerKind } from '../../functions/modules/integrations/domain/partner.js';
import type { SchemeName } from '../../functions/modules/integrations/domain/schemes/inbound-scheme.js';
import { createNormaliseInboundHandler } from '../../functions/modules/integrations/handlers/normalise-inbound.handler.js';
import { createVehicleMapHandler } from '../../functions/modules/integrations/handlers/vehicle-map.handler.js';
import type { PartnerRepository } from '../../functions/modules/integrations/ports/partner-repository.js';
import { httpEvent, jsonBody, streamEvent, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { FakeEventPublisher, FixedClock, testBasics } from '../support/fakes.js';
import { consumeIngestLog } from '../support/ingest-log.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const NOW = new Date('2026-12-02T09:00:00.000Z');
const admin = (tenantId = 'acme'): TestCaller => ({ tenantId, userId: `${tenantId}-admin`, roles: ['admin'] });

/**
 * Normalisation of stored inbound messages from the integrations table's stream (issue #11), on
 * DynamoDB Local: the stream record as DynamoDB writes it, the real telemetry, fleet and alerts
 * repositories, a capturing bus.
 */
describe('normaliseInbound (integrations stream → readings, events, alerts)', () => {
  let db: TestDatabase;
  let repos: TestRepositories;
  let partners: PartnerRepository;
  let bus: FakeEventPublisher;
  let clock: FixedClock;
  let handler: ReturnType<typeof createNormaliseInboundHandler>;
  let vehicleMap: ReturnType<typeof createVehicleMapHandler>;
  let sequence = 0;

  const partner = async (kind: PartnerKind, scheme: SchemeName, tenantId = 'acme'): Promise<Partner> =>
    partners.create({
      tenantId,
      partnerId: `ptn_${kind}${scheme.replace('-', '')}${++sequence}`,
      name: `${kind} ${scheme}`,
      kind,
      scheme,
      createdAt: NOW.toISOString(),
      secrets: [],
    });
  /** Stores the message as the inbound route does and hands its stream record to the handler. */
  const deliver = async (p: Partner, messageId: string, body: unknown) => {
    const message: InboundMessage = {
      tenantId: p.tenantId,
      partnerId: p.partnerId,
      kind: p.kind,
      scheme: p.scheme,
      messageId,
      receivedAt: clock.now().toISOString(),
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: {},
    };
    const store = dynamoDbInboundMessageStore.create({ client: db.documentClient, tableName: tables(), clock });
    await store.record(message);
    return handler(streamEvent([await recordOf(p.partnerId, messageId)]), {} as never);
  };
  const tables = () => db.tables.integrations as string;
  const stored = async (partnerId: string, messageId: string) => {
    const { Item } = await db.documentClient.send(
      new GetCommand({ TableName: tables(), Key: { pk: keys.partner(partnerId), sk: keys.message(messageId) } }),
    );
    return Item as Record<string, unknown> & { status: string; outcome?: Record<string, unknown> };
  };
  const recordOf = async (partnerId: string, messageId: string): Promise<DynamoDBRecord> => {
    const item = await stored(partnerId, messageId);
    return {
      eventID: `ev-${++sequence}`,
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: String(sequence), NewImage: marshall(item) as never },
    };
  };
  /** The telemetry table's readings once the ingest log's consumer has run, as the stream runs it. */
  const readingsOf = async (tenantId: string, vehicleId: string, from: string, to: string) => {
    await consumeIngestLog(db, repos, clock);
    const history = dynamoDbTelemetryHistory.create({
      client: db.documentClient,
      tableName: db.tables.telemetry as string,
      clock,
    });
    const all: Reading[] = [];
    for await (const page of history.readings(tenantId, vehicleId, from, to)) all.push(...page);
    return all;
  };
  const eventsOf = (detailType: string) => bus.published.filter((e) => e.detailType === detailType);

  beforeAll(async () => {
    db = await createTestDatabase();
    clock = new FixedClock(NOW);
    repos = testRepositories(db.documentClient, db.tables, { clock });
    partners = dynamoDbPartnerRepository.create({ client: db.documentClient, tableName: tables(), clock });
    bus = new FakeEventPublisher();
    const basics = testBasics(clock);
    handler = createNormaliseInboundHandler({
      ...basics,
      partners,
      messages: dynamoDbInboundMessageStore.create({ client: db.documentClient, tableName: tables(), clock }),
      fleet: repos.fleet,
      telemetry: repos.telemetry,
      ingestLog: repos.ingestLog,
      alerts: repos.alerts,
      events: bus,
    });
    vehicleMap = createVehicleMapHandler({ ...basics, partners });
    for (const vehicleId of ['TRK-101', 'TRK-102']) {
      await repos.fleet.putVehicle({ tenantId: 'acme', vehicleId, name: vehicleId, type: 'truck' });
    }
    await repos.fleet.putVehicle({ tenantId: 'globex', vehicleId: 'GLX-1', name: 'Globex 1', type: 'van' });
  });

  it('ingests a Samsara vehicle stats event as readings in fleetops units, by the vehicle name', async () => {
    const p = await partner('telematics', 'samsara');
    const body = {
      eventId: 'evt-samsara-1',
      eventTime: '2026-12-02T08:59:30Z',
      eventType: 'VehicleStatsUpdated',
      orgId: 20936,
      webhookId: '1411751028848270',
      data: {
        id: '281474977075464',
        name: 'TRK-101',
        engineCoolantTemperatureMilliC: { time: '2026-12-02T08:59:00Z', value: 121000 },
        engineOilPressureKPa: { time: '2026-12-02T08:59:00Z', value: 68.9476 },
        gps: { time: '2026-12-02T08:59:05Z', latitude: 41.88, longitude: -87.63, speedMilesPerHour: 50 },
      },
    };

    const result = await deliver(p, 'evt-samsara-1', body);

    expect(result).toEqual({ batchItemFailures: [] });
    const readings = await readingsOf('acme', 'TRK-101', '2026-12-02T08:58:00.000Z', '2026-12-02T09:00:00.000Z');
    expect(readings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ts: '2026-12-02T08:59:00.000Z',
          engineTemp: 121,
          oilPressure: expect.closeTo(10, 3),
        }),
        expect.objectContaining({
          ts: '2026-12-02T08:59:05.000Z',
          lat: 41.88,
          lng: -87.63,
          speed: expect.closeTo(80.467, 2),
        }),
      ]),
    );
    expect(eventsOf('telemetry.received')).toHaveLength(1);
    expect((await stored(p.partnerId, 'evt-samsara-1')).outcome).toMatchObject({
      status: 'normalised',
      readings: 2,
      fresh: 2,
    });
  });

  it('maps vendor ids through the vehicle map, drops vehicles that are not the tenant’s, and is idempotent', async () => {
    const p = await partner('telematics', 'motive');
    const put = await vehicleMap({
      ...httpEvent({
        method: 'PUT',
        path: '/v1/partners/{partnerId}/vehicle-map',
        body: { mappings: { '9001': 'TRK-102', '9002': 'GLX-1' } },
        caller: admin(),
      }),
      pathParameters: { partnerId: p.partnerId },
    });
    expect(put.statusCode).toBe(200);
    const location = (vehicle: number, ts: string) => ({
      action: 'vehicle_location_updated',
      trigger: 'created',
      id: 77_000 + vehicle,
      vehicle_id: vehicle,
      vehicle_number: 'renamed-by-dispatch',
      lat: 52.52,
      lon: 13.405,
      located_at: ts,
      speed: 80,
      odometer: 1000,
      fuel: 8,
    });

    const mapped = await deliver(p, 'motive-1', location(9001, '2026-12-02T08:50:00Z'));
    const otherTenant = await deliver(p, 'motive-2', location(9002, '2026-12-02T08:51:00Z'));
    const publishedBefore = eventsOf('telemetry.received').length;
    // The same stream record again (at-least-once): nothing stored twice, nothing published again.
    const again = await handler(streamEvent([await recordOf(p.partnerId, 'motive-1')]), {} as never);

    expect([mapped, otherTenant, again]).toEqual([
      { batchItemFailures: [] },
      { batchItemFailures: [] },
      { batchItemFailures: [] },
    ]);
    const readings = await readingsOf('acme', 'TRK-102', '2026-12-02T08:00:00.000Z', '2026-12-02T09:00:00.000Z');
    expect(readings).toEqual([
      expect.objectContaining({ ts: '2026-12-02T08:50:00.000Z', speed: expect.closeTo(128.748, 2), fuelLevel: 8 }),
    ]);
    expect(await readingsOf('globex', 'GLX-1', '2026-12-02T00:00:00.000Z', '2026-12-02T09:00:00.000Z')).toEqual([]);
    expect((await stored(p.partnerId, 'motive-2')).outcome).toMatchObject({
      status: 'rejected',
      unknownVehicles: ['GLX-1'],
    });
    expect((await stored(p.partnerId, 'motive-1')).outcome).toMatchObject({ status: 'normalised', fresh: 0 });
    expect(eventsOf('telemetry.received')).toHaveLength(publishedBefore);
  });

  it('keeps a payload that does not parse, marked with the reason, and reports no failure', async () => {
    const samsara = await partner('telematics', 'samsara');
    const standard = await partner('telematics', 'standard-webhooks');

    const noEventId = await deliver(samsara, 'bad-1', { eventType: 'VehicleStatsUpdated', data: { id: 1 } });
    const alertIncident = await deliver(samsara, 'alert-1', {
      eventId: 'alert-1',
      eventTime: '2026-12-02T08:59:30Z',
      eventType: 'AlertIncident',
      data: { configurationId: 'c-1', conditions: [] },
    });
    const outOfRange = await deliver(standard, 'range-1', {
      type: 'telemetry.readings',
      data: { readings: [{ vehicleId: 'TRK-101', ts: '2026-12-02T08:59:00Z', engineTemp: 900 }] },
    });

    for (const result of [noEventId, alertIncident, outOfRange]) expect(result).toEqual({ batchItemFailures: [] });
    expect((await stored(samsara.partnerId, 'bad-1')).outcome).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('eventId'),
    });
    expect((await stored(samsara.partnerId, 'alert-1')).outcome).toMatchObject({ status: 'ignored' });
    expect((await stored(standard.partnerId, 'range-1')).outcome).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('engineTemp must be at most 200'),
    });
    // The raw body stays for audit and replay.
    expect((await stored(samsara.partnerId, 'bad-1')).body).toContain('VehicleStatsUpdated');
  });

  it('reports the record for a retry when the bus fails, and raises a FUEL_CARD_MISMATCH once', async () => {
    // Newer than the Samsara position the first test's readings moved the state to (state moves only forward).
    await repos.fleet.updateVehicleState('acme', [
      { vehicleId: 'TRK-101', ts: '2026-12-02T08:59:30.000Z', lat: 48.8566, lng: 2.3522 },
    ]);
    const fuel = await partner('fuel_card', 'standard-webhooks');
    const transaction = (id: string, lat: number, at = '2026-12-02T09:00:00Z') => ({
      type: 'fuel.transaction',
      data: {
        transactionId: id,
        cardId: 'card-7',
        vehicleId: 'TRK-101',
        at,
        lat,
        lng: 2.3522,
        litres: 60,
        amount: 99.5,
        currency: 'EUR',
        merchant: 'Total Orly',
      },
    });

    bus.failures = 1;
    const failed = await deliver(fuel, 'fuel-1', transaction('tx-1', 48.7262)); // ~14.5 km south
    const retried = await handler(streamEvent([await recordOf(fuel.partnerId, 'fuel-1')]), {} as never);
    const near = await deliver(fuel, 'fuel-2', transaction('tx-2', 48.857)); // ~45 m away
    const stale = await deliver(fuel, 'fuel-3', transaction('tx-3', 48.7262, '2026-12-02T09:20:00Z'));

    expect(failed.batchItemFailures).toHaveLength(1);
    expect(retried).toEqual({ batchItemFailures: [] });
    expect([near, stale]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    const alerts = await repos.alerts.list('acme', { vehicleId: 'TRK-101' }, 50);
    const mismatches = alerts.items.filter((a) => a.type === 'FUEL_CARD_MISMATCH');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({ severity: 'HIGH', status: 'open', message: expect.stringContaining('14.') });
    const transactions = eventsOf('fuel.transaction').map((e) => e.detail as Record<string, unknown>);
    expect(transactions.map((t) => t.transactionId)).toEqual(['tx-1', 'tx-2', 'tx-3']);
    expect(transactions[0]).toMatchObject({
      tenantId: 'acme',
      messageId: 'fuel-1',
      mismatch: { alertId: mismatches[0]?.alertId },
    });
    expect(transactions[1]?.mismatch).toBeUndefined();
    expect(transactions[2]?.mismatch).toBeUndefined();
    expect(
      eventsOf('alert.raised').filter((e) => (e.detail as { type: string }).type === 'FUEL_CARD_MISMATCH'),
    ).toHaveLength(1);
  });

  it('publishes billing.invoice from a Stripe invoice event and helpdesk.ticket_updated from Zendesk', async () => {
    const stripe = await partner('billing', 'stripe');
    const zendesk = await partner('helpdesk', 'zendesk');

    await deliver(stripe, 'evt_1Nq', {
      id: 'evt_1Nq',
      object: 'event',
      api_version: '2024-06-20',
      created: 1_796_200_000,
      type: 'invoice.payment_failed',
      data: {
        object: {
          id: 'in_1Nq',
          object: 'invoice',
          customer: 'cus_9',
          status: 'open',
          currency: 'eur',
          amount_due: 12_900,
          amount_paid: 0,
          hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/in_1Nq',
        },
      },
    });
    await deliver(zendesk, 'zd-inv-1', {
      account_id: 22_129_848,
      id: 'cbe4028c-7239-495d-b020-f22348516046',
      time: '2026-12-02T08:58:00Z',
      type: 'zen:event-type:ticket.status_changed',
      subject: 'zen:ticket:35436',
      zendesk_event_version: '2022-11-06',
      detail: { id: '35436', subject: 'Truck 101 late', status: 'SOLVED', priority: 'HIGH' },
      event: { current: 'SOLVED', previous: 'OPEN' },
    });
    await deliver(stripe, 'evt_customer', {
      id: 'evt_customer',
      object: 'event',
      created: 1_796_200_000,
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    });

    expect(eventsOf('billing.invoice').map((e) => e.detail)).toEqual([
      expect.objectContaining({
        tenantId: 'acme',
        partnerId: stripe.partnerId,
        messageId: 'evt_1Nq',
        eventType: 'invoice.payment_failed',
        invoiceId: 'in_1Nq',
        currency: 'EUR',
        amountDue: 12_900,
        amountPaid: 0,
      }),
    ]);
    expect(eventsOf('helpdesk.ticket_updated').map((e) => e.detail)).toEqual([
      expect.objectContaining({
        tenantId: 'acme',
        externalTicketId: '35436',
        status: 'SOLVED',
        change: { previous: 'OPEN', current: 'SOLVED' },
      }),
    ]);
    expect((await stored(stripe.partnerId, 'evt_customer')).outcome).toMatchObject({ status: 'ignored' });
  });

  it("answers 404 for another tenant's partner on the vehicle map, and 400 for a bad vehicle id", async () => {
    const p = await partner('telematics', 'samsara');
    const call = (method: 'GET' | 'PUT', caller: TestCaller, body?: unknown) =>
      vehicleMap({
        ...httpEvent({ method, path: '/v1/partners/{partnerId}/vehicle-map', body, caller }),
        pathParameters: { partnerId: p.partnerId },
      });

    const foreignRead = await call('GET', admin('globex'));
    const foreignWrite = await call('PUT', admin('globex'), { mappings: { '1': 'GLX-1' } });
    const bad = await call('PUT', admin(), { mappings: { '1': 'not a vehicle id!' } });
    const ok = await call('PUT', admin(), { mappings: { '1': 'TRK-101' } });
    const read = await call('GET', admin());

    expect([foreignRead.statusCode, foreignWrite.statusCode]).toEqual([404, 404]);
    expect(bad.statusCode).toBe(400);
    expect(ok.statusCode).toBe(200);
    expect(jsonBody(read)).toEqual({ partnerId: p.partnerId, mappings: { '1': 'TRK-101' } });
  });
});
