import type { FunctionDeclaration, StreamTrigger } from '../../functions/platform/wiring/declaration.js';

/**
 * A declaration that only carries a stream trigger: what a DynamoDbStreamPoller reads of the
 * function it feeds (name for logs and dead letters, the trigger). Its handler is never called.
 */
export function streamConsumerDeclaration(trigger: StreamTrigger): FunctionDeclaration {
  return {
    name: 'consumer',
    description: 'consumer',
    entry: 'x',
    factory: () => async () => undefined,
    triggers: [trigger],
    bindings: {},
  };
}
