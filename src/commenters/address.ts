// IP addresses and CIDR ranges as block entries hold them: checked and written one way
// (node:net parses them), and matched with node:net's BlockList, which also matches an
// IPv4-mapped IPv6 address (::ffff:192.0.2.1) against an IPv4 rule.
import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';

function familyOf(address: string): Family | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** The address as entries store it (lowercase; IPv4-mapped as IPv4), or undefined when it is not one. */
export function normaliseIp(value: string): string | undefined {
  const address = value.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped && familyOf(mapped)) return mapped;
  return familyOf(address) ? address : undefined;
}

/** Narrower than this blocks a large part of the internet: refused as a likely typo. */
const SHORTEST_PREFIX: Record<Family, number> = { ipv4: 8, ipv6: 16 };
const LONGEST_PREFIX: Record<Family, number> = { ipv4: 32, ipv6: 128 };

export type CidrProblem = 'not_a_range' | 'too_wide';

/** `address/prefix`, as entries store it; or why not. */
export function normaliseCidr(value: string): { cidr: string } | { problem: CidrProblem } {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(value.trim().toLowerCase());
  const family = match && familyOf(match[1] as string);
  if (!match || !family) return { problem: 'not_a_range' };
  const prefix = Number(match[2]);
  if (prefix > LONGEST_PREFIX[family]) return { problem: 'not_a_range' };
  if (prefix < SHORTEST_PREFIX[family]) return { problem: 'too_wide' };
  return { cidr: `${match[1]}/${prefix}` };
}

/** A rule (an address or a range) ready to match against; undefined for one that does not parse. */
export function compileIpRule(rule: { kind: 'ip' | 'cidr'; value: string }): BlockList | undefined {
  const [address, prefix] = rule.kind === 'cidr' ? rule.value.split('/') : [rule.value];
  const family = address ? familyOf(address) : undefined;
  if (!address || !family) return undefined;
  const list = new BlockList();
  if (prefix === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(prefix), family);
  return list;
}

/** Whether `ip` is the compiled rule's address or inside its range; false for anything unparsable. */
export function ipMatches(ip: string, rule: BlockList): boolean {
  const family = familyOf(ip);
  return family !== undefined && rule.check(ip, family);
}

/** `ada@example.org` → `a•••@example.org`: enough for a moderator to recognise, not to write to. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = at > 0 ? email.slice(0, at) : email;
  const domain = at > 0 ? email.slice(at + 1) : '';
  return `${local.slice(0, 1)}•••@${domain}`;
}
