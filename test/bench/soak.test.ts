// The soak's own logic (bench/soak*.ts): its options, percentiles, targets and last line,
// and the Akismet double's error rate it relies on. The run itself is `npm run soak`.

import { KINDS, type Kind, type KindStats, percentile } from '../../bench/soakLoad';
import { parseSoakOptions } from '../../bench/soakOptions';
import { lastLine, missedTargets, renderSoak, type SoakResult } from '../../bench/soakReport';
import { startFakeAkismet } from '../fakes/akismet';

function stats(statuses: Array<[number, number]>): KindStats {
  return { latencies: [1, 2, 3], statuses: new Map(statuses) };
}

function result(overrides: Partial<SoakResult> = {}): SoakResult {
  const byKind = Object.fromEntries(KINDS.map((kind) => [kind, stats([[200, 10]])])) as Record<
    Kind,
    KindStats
  >;
  return {
    command: 'npm run soak',
    setting: '',
    database: '',
    machine: '',
    date: '2026-12-03',
    durationS: 60,
    warmupS: 30,
    stats: byKind,
    notSent: 0,
    actions: new Map(),
    rss: { warm: { parley: 200, database: 100 }, end: { parley: 210, database: 120 } },
    samples: [],
    drainS: 2,
    emptyS: 40,
    audit: { checked: 10, lost: [], missing: 0, stillDue: 0, retried: 1 },
    emails: 10,
    akismetCalls: 11,
    akismetErrors: 1,
    ...overrides,
  };
}

describe('soak options', () => {
  it('runs 10 measured minutes at 50 requests/s by default, after two minutes of warm-up', () => {
    expect(parseSoakOptions([])).toEqual({
      durationS: 600,
      rate: 50,
      warmupS: 120,
      out: 'bench/last-soak.md',
    });
  });

  it('takes 60s, 2m or plain seconds; a long run warms up for a tenth of it', () => {
    expect(parseSoakOptions(['--duration', '60s'])).toMatchObject({ durationS: 60, warmupS: 120 });
    expect(parseSoakOptions(['--duration=2m', '--rate', '30'])).toMatchObject({
      durationS: 120,
      rate: 30,
      warmupS: 120,
    });
    expect(parseSoakOptions(['--duration', '1h'])).toMatchObject({ durationS: 3600, warmupS: 360 });
  });

  it('refuses what it cannot read, naming the option', () => {
    expect(() => parseSoakOptions(['--duration', 'soon'])).toThrow(/--duration wants 10s or more/);
    expect(() => parseSoakOptions(['--rate', '0'])).toThrow(/--rate wants a whole number/);
    expect(() => parseSoakOptions(['--speed', '3'])).toThrow(/unknown argument "--speed"/);
  });
});

describe('soak figures', () => {
  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 99)).toBe(0);
  });

  it('ends with the line the issue asks for, and passes a clean run', () => {
    const clean = result();
    expect(lastLine(clean)).toBe('soak: 40 requests, 0 5xx, 0 lost, rss +5.0%');
    expect(missedTargets(clean)).toEqual([]);
    const shrunk = result({ rss: { warm: { parley: 200 }, end: { parley: 190 } } });
    expect(lastLine(shrunk)).toBe('soak: 40 requests, 0 5xx, 0 lost, rss -5.0%');
  });

  it('fails on a 5xx, a lost comment, 10% more RSS or a queue not drained in time', () => {
    const failing = result({
      stats: {
        ...result().stats,
        post: stats([
          [201, 5],
          [503, 2],
          [0, 1],
        ]),
      },
      audit: { checked: 5, lost: ['a'], missing: 0, stillDue: 1, retried: 0 },
      rss: { warm: { parley: 200 }, end: { parley: 220 } },
      drainS: undefined,
    });
    expect(lastLine(failing)).toBe('soak: 38 requests, 2 5xx, 1 lost, rss +10.0%');
    expect(missedTargets(failing)).toEqual([
      '2 answers were 5xx',
      '1 requests got no answer',
      '1 comments lost or without one verdict',
      "Parley's RSS grew +10.0%",
      'the spam queue was not drained within 30 s',
    ]);
    expect(renderSoak(failing)).toContain('(not stored: 0; check still queued: 1; e.g. a)');
  });
});

describe('the Akismet double’s error rate', () => {
  it('answers that share of calls with HTTP 500 and counts them', async () => {
    const akismet = await startFakeAkismet();
    const check = () =>
      fetch(`http://127.0.0.1:${akismet.port}/1.1/comment-check`, {
        method: 'POST',
        body: 'blog=https%3A%2F%2Fa.example&user_ip=192.0.2.1',
      }).then((res) => res.status);
    try {
      akismet.errorRate = 1;
      expect(await check()).toBe(500);
      akismet.errorRate = 0;
      expect(await check()).toBe(200);
      expect(akismet.errorsAnswered).toBe(1);
    } finally {
      await akismet.close();
    }
  });
});
