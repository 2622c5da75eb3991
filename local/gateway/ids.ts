import { randomBytes } from 'node:crypto';

/**
 * An id shaped like API Gateway's request and connection ids (`L0SM9cOFvHcCIhw=`): 11 random bytes
 * in base64. `+` and `/` are swapped for letters so an id is safe in a URL path segment even
 * before encoding, while code that does encode it (the AWS SDK) still round-trips.
 */
export function apiGatewayId(): string {
  return randomBytes(11).toString('base64').replace(/\+/g, 'P').replace(/\//g, 'S');
}

/** API Gateway's `requestTime` format: `22/Nov/2026:14:05:09 +0000`. */
export function apiGatewayTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
