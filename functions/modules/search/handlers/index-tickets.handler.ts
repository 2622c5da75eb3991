import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { type StreamLambdaHandler, streamHandler } from '../../../platform/events/stream-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { TICKETS_TABLE } from '../../tickets/tables.js';
import { openSearchIndex } from '../adapters/opensearch-search-index.js';
import { articleDocument, ticketDocument } from '../domain/support-documents.js';
import { indexableArticleSchema, indexableTicketSchema } from '../events.js';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const imageOf = (image: Image | undefined) =>
  image ? unmarshall(image as unknown as Record<string, AttributeValue>) : undefined;

const ticketBindings = { search: openSearchIndex };
export type IndexTicketsDeps = DepsOf<typeof ticketBindings>;

/**
 * Tickets table stream → search: tickets (every change, versioned by `rev`) and knowledge-base
 * articles (a delete forgets it). Notes, canned responses and policies are not searchable.
 */
export function createIndexTicketsHandler(deps: IndexTicketsDeps): StreamLambdaHandler {
  return streamHandler({ declaration: indexTickets, deps }, async (record) => {
    const image = imageOf(record.dynamodb?.NewImage) ?? imageOf(record.dynamodb?.OldImage);
    if (image?.entity === 'ticket') {
      await deps.search.upsert([ticketDocument(parseOrThrow(indexableTicketSchema, image, 'ticket'))]);
    } else if (image?.entity === 'article') {
      const article = parseOrThrow(indexableArticleSchema, image, 'article');
      if (record.eventName === 'REMOVE') {
        await deps.search.remove([{ tenantId: article.tenantId, collection: 'articles', id: article.articleId }]);
      } else {
        await deps.search.upsert([articleDocument(article)]);
      }
    }
  });
}

export const indexTickets = defineFunction({
  name: 'indexTickets',
  description: 'Keeps the search index in step with tickets and knowledge-base articles (DynamoDB stream)',
  entry: 'functions/modules/search/handlers/index-tickets.lambda.ts',
  triggers: [{ kind: 'stream', table: TICKETS_TABLE, batchSize: 100, startingPosition: 'TRIM_HORIZON' }],
  timeoutSeconds: 30,
  bindings: ticketBindings,
  factory: createIndexTicketsHandler,
});
