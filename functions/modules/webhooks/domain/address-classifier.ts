import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses an outbound webhook may connect to (docs/adr/0068). Only globally routable
 * unicast: IPv4 outside every special-purpose block of the IANA registry, IPv6 inside 2000::/3
 * minus its special blocks. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64,
 * 6to4, Teredo) are refused outright: they are how a filter that checks only "IPv6 is public" is
 * walked around to 127.0.0.1 or 169.254.169.254.
 */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'link-local'
  | 'metadata'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  | 'ipv4-embedded'
  | 'invalid';

interface Block {
  readonly base: bigint;
  readonly bits: number;
  readonly class: AddressClass;
}

function v4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** The 128-bit value of an IPv6 address (any textual form, a trailing dotted quad included). */
function v6(text: string): bigint {
  let address = text.toLowerCase();
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (quad?.[1]) {
    const value = v4(quad[1]);
    address = `${address.slice(0, -quad[1].length)}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined ? left : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group || '0', 16)), 0n);
}

const block4 = (cidr: string, kind: AddressClass): Block => {
  const [base = '', bits = '32'] = cidr.split('/');
  return { base: v4(base), bits: Number(bits), class: kind };
};
const block6 = (cidr: string, kind: AddressClass): Block => {
  const [base = '', bits = '128'] = cidr.split('/');
  return { base: v6(base), bits: Number(bits), class: kind };
};

/** IANA IPv4 special-purpose registry, the cloud metadata addresses first (most specific wins). */
const IPV4_BLOCKS: readonly Block[] = [
  block4('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack instance metadata
  block4('169.254.170.2/32', 'metadata'), // ECS task metadata / credentials
  block4('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  block4('0.0.0.0/8', 'unspecified'),
  block4('10.0.0.0/8', 'private'),
  block4('100.64.0.0/10', 'cgnat'),
  block4('127.0.0.0/8', 'loopback'),
  block4('169.254.0.0/16', 'link-local'),
  block4('172.16.0.0/12', 'private'),
  block4('192.0.0.0/24', 'reserved'),
  block4('192.0.2.0/24', 'reserved'),
  block4('192.31.196.0/24', 'reserved'),
  block4('192.52.193.0/24', 'reserved'),
  block4('192.88.99.0/24', 'reserved'),
  block4('192.168.0.0/16', 'private'),
  block4('192.175.48.0/24', 'reserved'),
  block4('198.18.0.0/15', 'reserved'),
  block4('198.51.100.0/24', 'reserved'),
  block4('203.0.113.0/24', 'reserved'),
  block4('224.0.0.0/4', 'multicast'),
  block4('240.0.0.0/4', 'reserved'), // 255.255.255.255 included
];

const IPV6_BLOCKS: readonly Block[] = [
  block6('fd00:ec2::254/128', 'metadata'), // AWS IMDS over IPv6
  block6('::/128', 'unspecified'),
  block6('::1/128', 'loopback'),
  block6('::ffff:0:0/96', 'ipv4-embedded'), // IPv4-mapped
  block6('::/96', 'ipv4-embedded'), // IPv4-compatible (deprecated)
  block6('64:ff9b::/96', 'ipv4-embedded'), // NAT64
  block6('64:ff9b:1::/48', 'ipv4-embedded'), // local-use NAT64
  block6('2002::/16', 'ipv4-embedded'), // 6to4
  block6('2001::/32', 'ipv4-embedded'), // Teredo
  block6('100::/64', 'reserved'), // discard-only
  block6('2001:db8::/32', 'reserved'), // documentation
  block6('2001::/23', 'reserved'), // IETF protocol assignments
  block6('3fff::/20', 'reserved'), // documentation (2024)
  block6('5f00::/16', 'reserved'), // SRv6 SIDs
  block6('fc00::/7', 'unique-local'),
  block6('fe80::/10', 'link-local'),
  block6('fec0::/10', 'private'), // site-local (deprecated)
  block6('ff00::/8', 'multicast'),
];

function within(value: bigint, block: Block, width: number): boolean {
  const shift = BigInt(width - block.bits);
  return value >> shift === block.base >> shift;
}

/** The class of an IP address in text form; `invalid` for anything that is not one. */
export function classifyAddress(address: string): AddressClass {
  if (isIPv4(address)) {
    const value = v4(address);
    return IPV4_BLOCKS.find((block) => within(value, block, 32))?.class ?? 'public';
  }
  if (isIPv6(address)) {
    const value = v6(address);
    const special = IPV6_BLOCKS.find((block) => within(value, block, 128));
    if (special) return special.class;
    return value >> 125n === 1n ? 'public' : 'reserved'; // global unicast is 2000::/3 only
  }
  return 'invalid';
}

/** Whether an address is a loopback address (127.0.0.0/8, ::1): what the local stack may allow. */
export function isLoopback(address: string): boolean {
  return classifyAddress(address) === 'loopback';
}
