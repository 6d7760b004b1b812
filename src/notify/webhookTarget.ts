// Where a webhook may be delivered, and the delivery itself. By default only public addresses
// are reached: loopback, private, carrier-grade NAT, link-local (where clouds keep their
// metadata service), unique-local, multicast, reserved and IPv4-in-IPv6 ranges are refused.
// The check runs inside the DNS lookup the socket itself makes, on the very addresses it
// connects to, so a name that resolves to a public address when saved and to an internal one
// later (DNS rebinding) is refused at delivery. Redirects are never followed: a 3xx is a
// failed delivery like any other answer but 2xx. WEBHOOK_ALLOW_PRIVATE=true lifts the rule,
// for tests and intranets.
import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Thrown when a webhook's address is not a public one; trying again cannot help. */
export class PrivateTargetError extends Error {}

/** Whether an IP address is a public unicast one (IPv4-mapped IPv6 is judged as IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

function refusal(host: string, address: string): PrivateTargetError {
  return new PrivateTargetError(
    `${host} is at ${address}, which is not a public address (WEBHOOK_ALLOW_PRIVATE=true allows it)`,
  );
}

type Resolve = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for sockets that resolves every address of the name and refuses them all when
 * any one is not public (so no retry across addresses can reach an internal one).
 */
export function publicOnlyLookup(resolve: Resolve = dns.lookup): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      const reply = callback as (error: Error | null, address?: unknown, family?: number) => void;
      if (error) return reply(error);
      const refused = addresses.find(({ address }) => !isPublicAddress(address));
      if (refused) return reply(refusal(hostname, refused.address));
      const [first] = addresses;
      if (options.all) return reply(null, addresses);
      if (!first) return reply(new Error(`${hostname} has no address`));
      reply(null, first.address, first.family);
    });
  };
}

/**
 * Refuses at once a URL whose host is an IP address or a name that never means a public one
 * (localhost). Other names are judged at delivery, after resolving them.
 */
export function checkWebhookUrl(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !isPublicAddress(host)) throw refusal(host, host);
  if (/^localhost\.?$|\.localhost\.?$/i.test(host)) throw refusal(host, 'a loopback address');
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

/** POSTs a webhook body; answers the receiver's status code. Never follows a redirect. */
export function postWebhook(request: WebhookRequest, resolve?: Resolve): Promise<number> {
  const { url, headers, body, timeoutMs, allowPrivate } = request;
  if (!allowPrivate) checkWebhookUrl(url);
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((settle, fail) => {
    const outgoing = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(timeoutMs),
        agent: false,
        ...(!allowPrivate && { lookup: publicOnlyLookup(resolve) }),
      },
      (response) => {
        settle(response.statusCode ?? 0);
        response.destroy();
      },
    );
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}
