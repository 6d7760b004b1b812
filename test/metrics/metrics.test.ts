// GET /metrics: Prometheus text with HTTP, spam-check, queue and comment metrics, read after
// real requests and real worker runs.
import type { Server } from 'node:http';
import request from 'supertest';
import { freePort } from '../../src/db/embedded';
import { serveMetrics } from '../../src/metrics';
import { SPAM_AUTHOR, useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createNotifyHarness, type NotifyHarness, PAGE_ID } from '../notify/harness';

useTestDatabase();
const akismet = useFakeAkismet();

const TOKEN = 'metrics-token-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a Prometheus sample: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1], label[2]]),
      );
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** The one sample with this name and exactly these labels (undefined when there is none). */
function sampleValue(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return samples.find(
    (sample) => sample.name === name && JSON.stringify(Object.entries(sample.labels).sort()) === wanted,
  )?.value;
}

async function scrape(h: NotifyHarness): Promise<Sample[]> {
  const res = await request(h.app).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(res.text);
}

const ROUTE = '/api/v1/sites/:site/comments';

describe('GET /metrics', () => {
  it('counts and times HTTP requests by method, route pattern and status, never by raw URL', async () => {
    const h = createNotifyHarness({ akismet: akismet.current() });
    const site = await buildSite({ id: 'news' });
    await h.post(site);
    await h.post(site);
    for (let i = 0; i < 3; i++) {
      expect(
        (await request(h.app).get(`/api/v1/sites/news/comments?pageId=${encodeURIComponent(PAGE_ID)}`))
          .status,
      ).toBe(200);
    }
    expect((await request(h.app).get('/no/such/page/5f1c0ffee')).status).toBe(404);
    const bad = await request(h.app)
      .post('/api/v1/sites/news/comments')
      .set('Origin', 'https://news.example')
      .send({});
    expect(bad.status).toBe(422);

    const samples = await scrape(h);
    const requests = (method: string, route: string, status: string) =>
      sampleValue(samples, 'parley_http_requests_total', { method, route, status });
    expect(requests('POST', ROUTE, '201')).toBe(2);
    expect(requests('GET', ROUTE, '200')).toBe(3);
    expect(requests('POST', ROUTE, '422')).toBe(1);
    expect(requests('GET', 'unmatched', '404')).toBe(1);
    const count = sampleValue(samples, 'parley_http_request_duration_seconds_count', {
      method: 'GET',
      route: ROUTE,
      status: '200',
    });
    expect(count).toBe(3);
    const sum = sampleValue(samples, 'parley_http_request_duration_seconds_sum', {
      method: 'GET',
      route: ROUTE,
      status: '200',
    });
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(30);
    const inf = sampleValue(samples, 'parley_http_request_duration_seconds_bucket', {
      method: 'GET',
      route: ROUTE,
      status: '200',
      le: '+Inf',
    });
    expect(inf).toBe(3);
    // Only patterns: no site ids, page ids or query strings in any label.
    const routes = new Set(samples.flatMap((sample) => (sample.labels.route ? [sample.labels.route] : [])));
    expect([...routes].sort()).toEqual([ROUTE, 'unmatched']);

    // The scrape itself is counted from the next one on.
    const again = await scrape(h);
    expect(
      sampleValue(again, 'parley_http_requests_total', { method: 'GET', route: '/metrics', status: '200' }),
    ).toBe(1);
  });

  it('spam checks: outcomes, verdicts and durations; queue depth; comments by status; jobs', async () => {
    const fake = akismet.current();
    const h = createNotifyHarness({ akismet: fake });
    const site = await buildSite({ id: 'news', settings: { moderation: 'none' } });

    let samples = await scrape(h);
    expect(sampleValue(samples, 'parley_spam_check_queue_due')).toBe(0);
    expect(sampleValue(samples, 'parley_spam_check_queue_oldest_due_age_seconds')).toBe(0);

    // Two comments wait; the older has waited 90 s when scraped.
    await h.post(site, { content: 'A fine comment' });
    h.clock.advance(74_000);
    await h.post(site, { author: SPAM_AUTHOR, content: 'Cheap pills' });
    samples = await scrape(h);
    expect(sampleValue(samples, 'parley_spam_check_queue_due')).toBe(2);
    expect(sampleValue(samples, 'parley_spam_check_queue_oldest_due_age_seconds')).toBe(90);

    fake.delayMs = 60;
    await h.settle();
    fake.mode = 'down';
    await h.post(site, { content: 'Posted while Akismet is down' });
    await h.settle();

    samples = await scrape(h);
    expect(sampleValue(samples, 'parley_spam_checks_total', { outcome: 'ham', verdict: 'approved' })).toBe(1);
    expect(sampleValue(samples, 'parley_spam_checks_total', { outcome: 'spam', verdict: 'spam' })).toBe(1);
    expect(
      sampleValue(samples, 'parley_spam_checks_total', { outcome: 'unavailable', verdict: 'retry' }),
    ).toBe(1);
    expect(sampleValue(samples, 'parley_spam_check_duration_seconds_count', { outcome: 'ham' })).toBe(1);
    const hamSeconds = sampleValue(samples, 'parley_spam_check_duration_seconds_sum', {
      outcome: 'ham',
    }) as number;
    expect(hamSeconds).toBeGreaterThanOrEqual(0.05);
    expect(hamSeconds).toBeLessThan(5);
    expect(sampleValue(samples, 'parley_spam_check_queue_due')).toBe(0);
    expect(sampleValue(samples, 'parley_spam_check_queue_retrying')).toBe(1);
    expect(sampleValue(samples, 'parley_comments', { status: 'approved' })).toBe(1);
    expect(sampleValue(samples, 'parley_comments', { status: 'spam' })).toBe(1);
    expect(sampleValue(samples, 'parley_comments', { status: 'pending' })).toBe(1);
    expect(sampleValue(samples, 'parley_comments', { status: 'trash' })).toBe(0);
    // The approved comment's notification ran: one 'notify' job done (no webhooks, no emails here).
    expect(sampleValue(samples, 'parley_jobs', { type: 'notify', state: 'done' })).toBe(2);

    // Akismet back, the retry due: the queue empties and the verdict is counted.
    fake.mode = 'up';
    h.clock.advance(30_000);
    samples = await scrape(h);
    expect(sampleValue(samples, 'parley_spam_check_queue_retrying')).toBe(1);
    expect(sampleValue(samples, 'parley_spam_check_queue_oldest_due_age_seconds')).toBe(0);
    await h.settle();
    samples = await scrape(h);
    expect(sampleValue(samples, 'parley_spam_check_queue_retrying')).toBe(0);
    expect(sampleValue(samples, 'parley_spam_checks_total', { outcome: 'ham', verdict: 'approved' })).toBe(2);
    expect(sampleValue(samples, 'parley_comments', { status: 'approved' })).toBe(2);
  });

  it('with METRICS_TOKEN set, only a scraper with the bearer token reads /metrics', async () => {
    const h = createNotifyHarness({ config: { METRICS_TOKEN: TOKEN } });
    expect((await request(h.app).get('/metrics')).status).toBe(401);
    const wrong = await request(h.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(wrong.body.error.code).toBe('unauthorized');
    const right = await request(h.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(right.status).toBe(200);
    expect(right.text).toContain('# TYPE parley_http_requests_total counter');
  });

  it('each app counts in a registry of its own', async () => {
    const first = createNotifyHarness();
    const second = createNotifyHarness();
    await request(first.app).get('/healthz');
    await request(first.app).get('/healthz');
    const labels = { method: 'GET', route: '/healthz', status: '200' };
    expect(sampleValue(await scrape(first), 'parley_http_requests_total', labels)).toBe(2);
    expect(sampleValue(await scrape(second), 'parley_http_requests_total', labels)).toBeUndefined();
  });

  describe('the worker’s own /metrics (WORKER_METRICS_PORT)', () => {
    let server: Server | undefined;
    afterEach(() => server?.close());

    it('serves the worker’s spam-check metrics, behind the token when one is set', async () => {
      const h = createNotifyHarness({ akismet: akismet.current() });
      const site = await buildSite({ id: 'news', settings: { moderation: 'none' } });
      await h.post(site);
      await h.settle();
      const port = await freePort();
      server = await serveMetrics({ metrics: h.metrics, port, host: '127.0.0.1', token: TOKEN, log: h.log });
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const samples = parse(await res.text());
      expect(sampleValue(samples, 'parley_spam_checks_total', { outcome: 'ham', verdict: 'approved' })).toBe(
        1,
      );
    });
  });
});
