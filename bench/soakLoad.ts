// The soak's load: requests started at a fixed total rate (an open loop: a slow answer does
// not slow the arrivals, as with real readers), in a fixed mix of kinds, with fetch. Every
// answer's status and time is kept per kind, and the ids of the comments answered 201.
import { sleep } from './processes';
import { postAddress } from './rawDriver';
import { SITE } from './seed';

export type Kind = 'warm' | 'cold' | 'post' | 'moderate';

/** Out of 20 requests: 14 warm reads and 3 cold (85% reads), 2 posts (10%), 1 moderation (5%). */
const CYCLE: Kind[] = 'wwcwpwwcwmwwwcpwwwww'
  .split('')
  .map((c) => ({ w: 'warm', c: 'cold', p: 'post', m: 'moderate' })[c] as Kind);
export const KINDS: Kind[] = ['warm', 'cold', 'post', 'moderate'];

/** More answers outstanding than this means Parley has fallen far behind: new ones are not sent. */
const MAX_IN_FLIGHT = 500;
/** Moderation: one request in this many lists the queue; the others act on what it listed. */
const LIST_EVERY = 4;
/** A request with no answer within this time counts as failed (status 0). */
const REQUEST_TIMEOUT_MS = 30_000;
/** So the post's addresses and texts differ from the bench's. */
const SOAK_TAG = 0x50a;

export interface KindStats {
  /** Milliseconds from sending to the end of the body, one per answer. */
  latencies: number[];
  /** Answers by status; 0 is a request that got no answer (refused, reset, timed out). */
  statuses: Map<number, number>;
}

export interface SoakTarget {
  base: string;
  /** An API token of a moderator of the site. */
  token: string;
  hotPages: string[];
  coldPages: string[];
}

export interface SoakLoad {
  stats: Record<Kind, KindStats>;
  /** Ids of the comments whose post was answered 201. */
  posted: string[];
  /** Moderation actions answered 200, by action. */
  actions: Map<string, number>;
  /** Requests not sent because MAX_IN_FLIGHT were outstanding. */
  notSent: number;
  /** Runs the load for `durationS` seconds at `rate` requests per second; resolves once every answer is in. */
  run(durationS: number, rate: number): Promise<void>;
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

export function threadUrlFor(base: string, pageId: string): string {
  return `${base}/api/v1/sites/${SITE}/comments?pageId=${encodeURIComponent(pageId)}&perPage=50`;
}

interface Answer {
  status: number;
  body?: unknown;
}

export function createSoakLoad(target: SoakTarget): SoakLoad {
  const stats = Object.fromEntries(
    KINDS.map((kind) => [kind, { latencies: [], statuses: new Map() }]),
  ) as unknown as Record<Kind, KindStats>;
  const posted: string[] = [];
  const actions = new Map<string, number>();
  const auth = { authorization: `Bearer ${target.token}` };
  /** Listed comments whose spam check is done, not yet acted on. */
  const candidates: string[] = [];
  const taken = new Set<string>();
  let posts = 0;
  let moderations = 0;
  const load: SoakLoad = { stats, posted, actions, notSent: 0, run };

  async function send(kind: Kind, url: string, init: RequestInit, wantsBody: boolean): Promise<Answer> {
    const started = performance.now();
    let answer: Answer = { status: 0 };
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const text = await res.text();
      answer = { status: res.status, body: wantsBody && text ? JSON.parse(text) : undefined };
    } catch {
      // no answer: counted as status 0
    }
    const { latencies, statuses } = stats[kind];
    latencies.push(performance.now() - started);
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    return answer;
  }

  async function post(): Promise<void> {
    const n = ++posts;
    const body = {
      pageId: pick(target.hotPages),
      author: `Soak reader ${n}`,
      email: `soak-${n}@example.org`,
      content: `Soak comment ${n}: a few words about the article, written at ${new Date().toISOString()}.`,
    };
    const answer = await send(
      'post',
      `${target.base}/api/v1/sites/${SITE}/comments`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': postAddress(n, SOAK_TAG) },
        body: JSON.stringify(body),
      },
      true,
    );
    const id = (answer.body as { comment?: { id?: string } } | undefined)?.comment?.id;
    if (answer.status === 201 && id) posted.push(id);
  }

  async function listQueue(): Promise<void> {
    const query = `site=${SITE}&status=pending&sort=oldest&limit=50`;
    const answer = await send(
      'moderate',
      `${target.base}/api/v1/moderation/comments?${query}`,
      { headers: auth },
      true,
    );
    const cards = (answer.body as { comments?: Array<{ id: string; spamCheck?: { state: string } | null }> })
      ?.comments;
    candidates.length = 0;
    for (const card of cards ?? []) {
      // Only comments whose check has decided: see "Moderation and verdicts" in docs/reliability.md.
      if (card.spamCheck?.state === 'done' && !taken.has(card.id)) candidates.push(card.id);
    }
  }

  async function moderate(): Promise<void> {
    const n = ++moderations;
    const id = n % LIST_EVERY === 1 ? undefined : candidates.shift();
    if (id === undefined) return listQueue();
    taken.add(id);
    const action = pick(['approve', 'approve', 'approve', 'spam', 'trash']);
    const answer = await send(
      'moderate',
      `${target.base}/api/v1/moderation/comments/${id}/${action}`,
      { method: 'POST', headers: auth },
      false,
    );
    if (answer.status === 200) actions.set(action, (actions.get(action) ?? 0) + 1);
  }

  function start(kind: Kind): Promise<unknown> {
    if (kind === 'warm') return send(kind, threadUrlFor(target.base, pick(target.hotPages)), {}, false);
    if (kind === 'cold') return send(kind, threadUrlFor(target.base, pick(target.coldPages)), {}, false);
    if (kind === 'post') return post();
    return moderate();
  }

  async function run(durationS: number, rate: number): Promise<void> {
    const inFlight = new Set<Promise<unknown>>();
    const began = performance.now();
    let started = 0;
    for (;;) {
      const elapsedS = (performance.now() - began) / 1000;
      if (elapsedS >= durationS) break;
      const due = Math.floor(elapsedS * rate);
      for (; started < due; started++) {
        if (inFlight.size >= MAX_IN_FLIGHT) {
          load.notSent += 1;
          continue;
        }
        const request = start(CYCLE[started % CYCLE.length] as Kind).catch(() => undefined);
        inFlight.add(request);
        void request.then(() => inFlight.delete(request));
      }
      await sleep(5);
    }
    await Promise.all(inFlight);
  }

  return load;
}

/** The p-th percentile (0-100) of the values, nearest rank; 0 when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}
