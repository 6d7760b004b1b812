// A local Akismet: a real HTTP server speaking Akismet's documented REST protocol
// (https://akismet.com/developers/), for the spam-check tests. akismet-api calls
// http://KEY.akismet.test:PORT/1.1/..., so installTestDns() resolves *.akismet.test to
// 127.0.0.1 and refuses every other outside name: a test that reaches out elsewhere fails.
import dns from 'node:dns';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAKE_AKISMET_DOMAIN = 'akismet.test';
/** What Akismet itself documents as a guaranteed spam author. */
export const SPAM_AUTHOR = 'viagra-test-123';
export const SPAM_EMAIL = 'akismet-guaranteed-spam@example.com';
export const THANKS = 'Thanks for making the web a better place.';

export interface AkismetCall {
  endpoint: string;
  /** The key, from the KEY.akismet.test host name (verify-key sends it in the body). */
  key?: string;
  host: string;
  userAgent?: string;
  fields: Record<string, string>;
}

/** up: answers; down: drops every connection; hang: never answers; error: HTTP 500. */
export type FakeAkismetMode = 'up' | 'down' | 'hang' | 'error';

export interface FakeAkismet {
  /** For AKISMET_HOST (with AKISMET_PROTOCOL=http). */
  host: string;
  port: number;
  calls: AkismetCall[];
  /** Connections dropped while down. */
  droppedConnections: number;
  mode: FakeAkismetMode;
  /** Answer this many ms after a request arrives (the answer is decided on arrival). */
  delayMs: number;
  /** While up, answer this share of calls (0 to 1, drawn at random per call) with HTTP 500. */
  errorRate: number;
  /** Calls answered with HTTP 500 (mode 'error' or errorRate). */
  errorsAnswered: number;
  /** Keys answered with 'invalid'; every other key is valid. */
  invalidKeys: Set<string>;
  /** Content containing any of these is spam, besides Akismet's documented test author and email. */
  spamWords: Set<string>;
  /** Adds X-akismet-pro-tip: discard to spam answers. */
  isDiscarding: boolean;
  callsTo(endpoint: string): AkismetCall[];
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function keyFromHost(host: string): string | undefined {
  const name = host.replace(/:\d+$/, '');
  const suffix = `.${FAKE_AKISMET_DOMAIN}`;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
}

export async function startFakeAkismet(): Promise<FakeAkismet> {
  const sockets = new Set<Socket>();
  const pending = new Set<ServerResponse>();

  function isSpam(fields: Record<string, string>): boolean {
    if (fields.user_role === 'administrator') return false;
    if (fields.comment_author === SPAM_AUTHOR || fields.comment_author_email === SPAM_EMAIL) return true;
    const content = (fields.comment_content ?? '').toLowerCase();
    return [...fake.spamWords].some((word) => content.includes(word.toLowerCase()));
  }

  /** Akismet's answer to one call: body and headers. */
  function answer(call: AkismetCall): { body: string; headers: Record<string, string> } {
    if (call.endpoint === 'verify-key') {
      const key = call.fields.key ?? '';
      return { body: key && !fake.invalidKeys.has(key) ? 'valid' : 'invalid', headers: {} };
    }
    if (!call.key || fake.invalidKeys.has(call.key)) {
      return {
        body: 'invalid',
        headers: { 'X-akismet-debug-help': 'We were unable to verify your API key.' },
      };
    }
    for (const required of ['blog', 'user_ip']) {
      if (!call.fields[required]) {
        const help = `Empty "${required}" value`;
        return { body: `Missing required field: ${required}.`, headers: { 'X-akismet-debug-help': help } };
      }
    }
    if (call.endpoint === 'submit-spam' || call.endpoint === 'submit-ham')
      return { body: THANKS, headers: {} };
    if (call.endpoint !== 'comment-check') return { body: 'Not found', headers: {} };
    if (!isSpam(call.fields)) return { body: 'false', headers: {} };
    return { body: 'true', headers: fake.isDiscarding ? { 'X-akismet-pro-tip': 'discard' } : {} };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (fake.mode === 'down') {
      // A kept-alive connection from before the outage: drop it as well.
      fake.droppedConnections += 1;
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    const host = req.headers.host ?? '';
    const endpoint = (req.url ?? '').replace(/^\/1\.1\//, '');
    const call: AkismetCall = {
      endpoint,
      key: keyFromHost(host),
      host,
      userAgent: req.headers['user-agent'],
      fields: Object.fromEntries(new URLSearchParams(body)),
    };
    fake.calls.push(call);
    if (fake.mode === 'hang') {
      pending.add(res);
      return;
    }
    const isFailing = fake.mode === 'error' || (fake.errorRate > 0 && Math.random() < fake.errorRate);
    if (isFailing) fake.errorsAnswered += 1;
    const reply = isFailing
      ? { status: 500, body: 'Internal Server Error', headers: {} }
      : { status: req.method === 'POST' ? 200 : 405, ...answer(call) };
    const send = () => {
      pending.delete(res);
      if (res.destroyed) return;
      res.writeHead(reply.status, { 'Content-Type': 'text/plain; charset=utf-8', ...reply.headers });
      res.end(reply.body);
    };
    if (fake.delayMs > 0) {
      pending.add(res);
      setTimeout(send, fake.delayMs);
    } else {
      send();
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    if (fake.mode === 'down') {
      fake.droppedConnections += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeAkismet = {
    host: `${FAKE_AKISMET_DOMAIN}:${port}`,
    port,
    calls: [],
    droppedConnections: 0,
    mode: 'up',
    delayMs: 0,
    errorRate: 0,
    errorsAnswered: 0,
    invalidKeys: new Set(),
    spamWords: new Set(),
    isDiscarding: false,
    callsTo: (endpoint) => fake.calls.filter((call) => call.endpoint === endpoint),
    reset() {
      for (const res of pending) res.destroy();
      pending.clear();
      fake.calls = [];
      fake.droppedConnections = 0;
      fake.mode = 'up';
      fake.delayMs = 0;
      fake.errorRate = 0;
      fake.errorsAnswered = 0;
      fake.invalidKeys = new Set();
      fake.spamWords = new Set();
      fake.isDiscarding = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

// ---------------------------------------------------------------------------------------
// Name resolution in tests

type LookupCallback = (error: NodeJS.ErrnoException | null, address?: unknown, family?: number) => void;

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Resolves *.akismet.test to 127.0.0.1 (Node's http looks names up with dns.lookup when it
 * connects) and refuses any other name that is not local, recording it in `blocked`.
 */
export function installTestDns(): { blocked: string[]; restore(): void } {
  const original = dns.lookup;
  const blocked: string[] = [];
  const patched = (hostname: string, options: unknown, callback?: LookupCallback) => {
    const done = (typeof options === 'function' ? options : callback) as LookupCallback;
    const wantsAll = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    const name = hostname.toLowerCase();
    if (name === FAKE_AKISMET_DOMAIN || name.endsWith(`.${FAKE_AKISMET_DOMAIN}`)) {
      process.nextTick(() =>
        wantsAll ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4),
      );
      return;
    }
    if (LOCAL_NAMES.has(name)) {
      (original as (...args: unknown[]) => void)(hostname, options, callback);
      return;
    }
    blocked.push(hostname);
    const error: NodeJS.ErrnoException = new Error(
      `getaddrinfo ENOTFOUND ${hostname} (outbound network blocked in tests)`,
    );
    error.code = 'ENOTFOUND';
    process.nextTick(() => done(error));
  };
  (dns as { lookup: unknown }).lookup = patched;
  return {
    blocked,
    restore() {
      (dns as { lookup: unknown }).lookup = original;
    },
  };
}

/**
 * Starts the fake for this test file, resets it before each test, and fails a test that
 * looked up any outside host name.
 */
export function useFakeAkismet(): { current(): FakeAkismet; takeBlockedLookups(): string[] } {
  let fake: FakeAkismet | undefined;
  let resolver: ReturnType<typeof installTestDns> | undefined;
  beforeAll(async () => {
    resolver = installTestDns();
    fake = await startFakeAkismet();
  });
  beforeEach(() => fake?.reset());
  afterEach(() => {
    const blocked = resolver?.blocked.splice(0) ?? [];
    expect(blocked).toEqual([]);
  });
  afterAll(async () => {
    await fake?.close();
    resolver?.restore();
  });
  return {
    current() {
      if (!fake) throw new Error('the fake Akismet starts in beforeAll');
      return fake;
    },
    /** The outside names looked up so far in this test, for a test that expects some. */
    takeBlockedLookups: () => resolver?.blocked.splice(0) ?? [],
  };
}
