import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import type { Partner } from '../domain/partner.js';
import { PartnerChanged } from '../errors.js';
import type { PartnerPage, PartnerRepository } from '../ports/partner-repository.js';
import { INTEGRATIONS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

const cursor = tenantCursor('partnerId', /^ptn_[A-Za-z0-9_-]{1,64}$/);

export interface DynamoDbPartnerRepositoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * A partner is one item in its own partition (`PARTNER#<id>`), found by id alone when a delivery
 * arrives, plus an index entry in its tenant's partition for the admin's list; both are written in
 * one transaction. The record holds sealed secrets only (FieldCipher), never a secret in the clear.
 */
export class DynamoDbPartnerRepository implements PartnerRepository {
  constructor(private readonly props: DynamoDbPartnerRepositoryProps) {}

  async create(partner: Omit<Partner, 'rev'>): Promise<Partner> {
    const created: Partner = { ...partner, rev: 1 };
    await this.props.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.props.tableName,
              Item: this.recordItem(created),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.props.tableName,
              Item: {
                pk: keys.tenant(partner.tenantId),
                sk: keys.tenantPartner(partner.partnerId),
                entity: ENTITY.partnerIndex,
                partnerId: partner.partnerId,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return created;
  }

  async findById(partnerId: string): Promise<Partner | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.partner(partnerId), sk: keys.partnerRecord() },
        ConsistentRead: true,
      }),
    );
    return Item ? partnerOf(Item) : undefined;
  }

  async get(tenantId: string, partnerId: string): Promise<Partner | undefined> {
    const partner = await this.findById(partnerId);
    // Another tenant's partner is not found: the same answer as an id that does not exist.
    return partner?.tenantId === tenantId ? partner : undefined;
  }

  async list(tenantId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<PartnerPage> {
    const after = page.cursor === undefined ? undefined : cursor.decode(page.cursor, tenantId);
    const result = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.tenantPartnerPrefix() },
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: { pk: keys.tenant(tenantId), sk: keys.tenantPartner(after) } } : {}),
      }),
    );
    const ids = (result.Items ?? []).map((item) => String(item.partnerId));
    const records = await batchGetAll(
      this.props.client,
      this.props.tableName,
      ids.map((id) => ({ pk: keys.partner(id), sk: keys.partnerRecord() })),
    );
    const byId = new Map(records.map((item) => [String(item.partnerId), partnerOf(item)]));
    const items = ids.flatMap((id) => {
      const partner = byId.get(id);
      return partner && partner.tenantId === tenantId ? [partner] : [];
    });
    const last = ids.at(-1);
    return {
      items,
      ...(result.LastEvaluatedKey && last ? { nextCursor: cursor.encode(tenantId, last) } : {}),
    };
  }

  async replaceSecrets(partner: Partner, secrets: Partner['secrets']): Promise<Partner> {
    return this.replace(partner, { ...partner, secrets, rev: partner.rev + 1 });
  }

  async replaceVehicleMap(partner: Partner, vehicleMap: Readonly<Record<string, string>>): Promise<Partner> {
    return this.replace(partner, { ...partner, vehicleMap: { ...vehicleMap }, rev: partner.rev + 1 });
  }

  /** Writes `next` if the stored partner is still at `partner.rev`. */
  private async replace(partner: Partner, next: Partner): Promise<Partner> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: this.recordItem(next),
          ConditionExpression: 'rev = :rev',
          ExpressionAttributeValues: { ':rev': partner.rev },
        }),
      );
    } catch (error) {
      if ((error as Error)?.name === 'ConditionalCheckFailedException') throw new PartnerChanged(partner.partnerId);
      throw error;
    }
    return next;
  }

  private recordItem(partner: Partner): Record<string, unknown> {
    return {
      pk: keys.partner(partner.partnerId),
      sk: keys.partnerRecord(),
      entity: ENTITY.partner,
      ...partner,
      secrets: partner.secrets.map((secret) => ({ ...secret })),
    };
  }
}

function partnerOf(item: Record<string, unknown>): Partner {
  return withoutStorageAttributes(item) as unknown as Partner;
}

/** Binds the integrations table through {@link DynamoDbPartnerRepository}. */
export const dynamoDbPartnerRepository = tableAdapter<PartnerRepository>(
  INTEGRATIONS_TABLE,
  (parts) => new DynamoDbPartnerRepository(parts),
);
