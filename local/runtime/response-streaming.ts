import { Writable } from 'node:stream';
import type { Context } from 'aws-lambda';
import type { MountedFunction } from './functions.js';
import { lambdaContext, timeoutMsOf } from './lambda-context.js';

/**
 * The Lambda Node.js runtime's response streaming, for the local stack: the `awslambda` global
 * (`streamifyResponse`, `HttpResponseStream.from`) and the response stream a streaming handler
 * writes to, behaving as the runtime interface client does (aws-lambda-nodejs-runtime-interface-
 * client, HttpResponseStream.js / ResponseStream.js), so the same handler code runs in both:
 * - `streamifyResponse` marks the handler with the runtime's symbol and returns it;
 * - `HttpResponseStream.from` sets the content type to the HTTP integration prelude type and
 *   writes the JSON prelude and 8 NUL bytes before the first body byte;
 * - the stream is a Writable whose content type can be set until the first write.
 * Nothing here is imported by a Lambda bundle: in Lambda the runtime provides the global.
 */

/** The runtime's marker of a streaming handler (`Symbol.for` so it is the runtime's own). */
export const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const STREAM_RESPONSE = 'response';
/** The content type that announces a JSON prelude `{statusCode, headers, cookies}` before the body. */
export const HTTP_INTEGRATION_PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response';
/** The prelude ends with this many NUL bytes. */
export const PRELUDE_DELIMITER_LENGTH = 8;

/** Where a response stream's bytes go: the local function URL. */
export interface ResponseSink {
  /** Called once, before the first byte, with the content type in force. */
  start(contentType: string): void;
  /** A chunk; answers false under back-pressure, then calls `drained` once it may write again. */
  push(chunk: Buffer, drained: () => void): boolean;
  /** The handler ended the stream. */
  finish(): void;
}

/** The `responseStream` a streaming handler receives locally. */
export class LocalResponseStream extends Writable {
  /** Set by `HttpResponseStream.from`: writes the prelude before the first body chunk. */
  _onBeforeFirstWrite: ((write: (chunk: string | Uint8Array) => void) => void) | undefined;
  #contentType = 'application/octet-stream';
  #started = false;

  constructor(private readonly sink: ResponseSink) {
    super();
  }

  /** As in Lambda: only before the first write. */
  setContentType(contentType: string): void {
    if (this.#started) throw new Error('Cannot set the content type after the first write');
    this.#contentType = contentType;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#begin();
    if (this.sink.push(Buffer.from(chunk), () => callback())) callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#begin();
    this.sink.finish();
    callback();
  }

  #begin(): void {
    if (this.#started) return;
    this.#started = true;
    this.sink.start(this.#contentType);
    const hook = this._onBeforeFirstWrite;
    this._onBeforeFirstWrite = undefined;
    hook?.((chunk) => this.sink.push(Buffer.from(chunk), () => undefined));
  }
}

/** The local `awslambda.HttpResponseStream` (a class with one static method in the runtime). */
const HttpResponseStream = {
  from(underlyingStream: Writable, prelude: Record<string, unknown>): Writable {
    const stream = underlyingStream as LocalResponseStream;
    stream.setContentType(HTTP_INTEGRATION_PRELUDE_TYPE);
    const metadataPrelude = JSON.stringify(prelude);
    stream._onBeforeFirstWrite = (write) => {
      write(metadataPrelude);
      write(new Uint8Array(PRELUDE_DELIMITER_LENGTH));
    };
    return stream;
  },
};

/**
 * Installs what the `awslambda` global of Lambda's Node.js runtime provides for streaming, member
 * by member: other libraries (@aws/lambda-invoke-store) create the object with members of their own.
 */
export function installAwsLambdaGlobal(): void {
  const scope = globalThis as { awslambda?: Record<string, unknown> };
  scope.awslambda ??= {};
  scope.awslambda.streamifyResponse ??= <T extends object>(handler: T): T => {
    (handler as Record<symbol, unknown>)[HANDLER_STREAMING] = STREAM_RESPONSE;
    return handler;
  };
  scope.awslambda.HttpResponseStream ??= HttpResponseStream;
}

/** Whether a handler was wrapped with `awslambda.streamifyResponse`. */
export function isStreamingHandler(handler: unknown): boolean {
  return (
    typeof handler === 'function' &&
    (handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING] === STREAM_RESPONSE
  );
}

type StreamingHandler = (event: unknown, responseStream: Writable, context: Context) => Promise<unknown>;

/**
 * Invokes a streaming handler with a fresh context and a response stream over `sink`. Past the
 * declared timeout the invocation is cut, as Lambda cuts it: the stream is destroyed mid-response.
 * The stream is ended when the handler returns without ending it.
 */
export async function invokeStreaming(fn: MountedFunction, event: unknown, stream: LocalResponseStream): Promise<void> {
  const context = lambdaContext(fn.declaration);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMsOf(fn.declaration));
  });
  try {
    const outcome = await Promise.race([(fn.handler as unknown as StreamingHandler)(event, stream, context), timeout]);
    if (outcome === 'timeout') stream.destroy(new Error(`${fn.declaration.name} timed out`));
    else if (!stream.writableEnded && !stream.destroyed) stream.end();
  } catch (error) {
    stream.destroy(error as Error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
