import { ExposableError } from '../../platform/errors.js';

/** No endpoint with that id in the caller's tenant. */
export class EndpointNotFound extends ExposableError {
  override readonly name = 'EndpointNotFound';
  constructor(endpointId: string) {
    super(404, 'WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${endpointId}`);
  }
}

/** No message with that id for that endpoint (or it expired). */
export class MessageNotFound extends ExposableError {
  override readonly name = 'MessageNotFound';
  constructor(messageId: string) {
    super(404, 'WEBHOOK_MESSAGE_NOT_FOUND', `No webhook message ${messageId}`);
  }
}

/** An endpoint changed between read and write (two edits at once); the caller may retry. */
export class EndpointChanged extends ExposableError {
  override readonly name = 'EndpointChanged';
  constructor(endpointId: string) {
    super(409, 'WEBHOOK_ENDPOINT_CHANGED', `Webhook endpoint ${endpointId} changed concurrently; retry`);
  }
}

/** A send to a disabled endpoint (test, replay, recover): re-enable it first (PATCH `{"enabled": true}`). */
export class EndpointDisabled extends ExposableError {
  override readonly name = 'EndpointDisabled';
  constructor(endpointId: string) {
    super(409, 'WEBHOOK_ENDPOINT_DISABLED', `Webhook endpoint ${endpointId} is disabled; enable it first`);
  }
}

/** Replaying a message that is still being delivered. */
export class MessagePending extends ExposableError {
  override readonly name = 'MessagePending';
  constructor(messageId: string) {
    super(409, 'INVALID_TRANSITION', `Message ${messageId} is still pending delivery`);
  }
}

export const WEBHOOK_ERRORS = [
  EndpointNotFound,
  MessageNotFound,
  EndpointChanged,
  EndpointDisabled,
  MessagePending,
] as const;
