import { decodeTime, encodeTime } from 'ulid';

/** A ULID: 10 time characters then 16 random ones (Crockford base32). */
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** Whether a client-sent `Last-Event-ID` is an id this stream could have sent. */
export function isStreamId(value: string): boolean {
  return ULID.test(value);
}

/** The smallest id of a millisecond: every entry appended at or after `ms` sorts above it. */
export function streamIdAt(ms: number): string {
  return `${encodeTime(Math.max(0, Math.floor(ms)), 10)}${'0'.repeat(16)}`;
}

/** The millisecond an id was appended at. */
export function timeOfStreamId(id: string): number {
  return decodeTime(id);
}

/** The greater of two ids (ids compare as strings). */
export function laterId(a: string, b: string): string {
  return a > b ? a : b;
}
