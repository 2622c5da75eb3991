import { isIP } from 'node:net';
import { type AddressClass, classifyAddress } from './address-classifier.js';

/**
 * Where outbound webhooks may go (docs/adr/0068). In AWS: `https` to public addresses only. The
 * local stack's composition root may allow `http` and loopback addresses (a receiver on
 * 127.0.0.1), by an explicit setting; nothing else can.
 */
export interface EgressRule {
  /** Allow `http://` and loopback targets (127.0.0.0/8, ::1). @default false */
  readonly allowLoopbackHttp: boolean;
}

/** The rule of every deployed function. */
export const STRICT_EGRESS: EgressRule = { allowLoopbackHttp: false };

/** Why a target URL or address is refused. */
export type EgressRefusal =
  | { readonly reason: 'invalid_url' }
  | { readonly reason: 'scheme'; readonly scheme: string }
  | { readonly reason: 'credentials' }
  | { readonly reason: 'address'; readonly address: string; readonly class: AddressClass };

/**
 * Whether the rule lets a connection go to `address` (checked after DNS, on the address connected
 * to): public ones, and loopback where allowed. Plain `http` goes to loopback only.
 */
export function addressRefusal(rule: EgressRule, address: string, scheme = 'https'): EgressRefusal | undefined {
  const kind = classifyAddress(address);
  if (kind === 'loopback' && rule.allowLoopbackHttp) return undefined;
  if (kind === 'public' && scheme === 'https') return undefined;
  return kind === 'public' ? { reason: 'scheme', scheme } : { reason: 'address', address, class: kind };
}

/**
 * Checks a URL before anything is sent or stored: parseable, `https` (or `http` where the rule
 * allows loopback: then only a loopback address may be connected to), no user info, and an
 * IP-literal host must be allowed. Host names are checked on every attempt, after DNS.
 */
export function urlRefusal(rule: EgressRule, url: string): EgressRefusal | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { reason: 'invalid_url' };
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (parsed.username !== '' || parsed.password !== '') return { reason: 'credentials' };
  const host = hostOf(parsed);
  if (scheme !== 'https' && !(scheme === 'http' && rule.allowLoopbackHttp)) return { reason: 'scheme', scheme };
  return isIP(host) ? addressRefusal(rule, host, scheme) : undefined;
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** A refusal as a sentence for the delivery log and the 400 answer. */
export function describeRefusal(refusal: EgressRefusal): string {
  switch (refusal.reason) {
    case 'invalid_url':
      return 'url is not a valid absolute URL';
    case 'scheme':
      return `url must use https (not ${refusal.scheme})`;
    case 'credentials':
      return 'url must not carry a user name or password';
    case 'address':
      return `url resolves to a ${refusal.class} address (${refusal.address}); only public addresses are allowed`;
  }
}
