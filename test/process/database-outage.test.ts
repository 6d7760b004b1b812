// `npm start` against an external database (MONGODB_URI) that goes away and comes back:
// liveness never depends on the database, readiness follows it, and Parley never restarts.
import {
  type FerretDb,
  freePort,
  get,
  type HttpAnswer,
  makeTempDir,
  type ParleyProcess,
  sleep,
  startFerretDb,
  startParley,
  stopAllProcesses,
  waitFor,
} from '../helpers/process';

jest.setTimeout(90_000);

const ANSWER_WITHIN_MS = 2000;

afterEach(stopAllProcesses);

/** GETs `path` and checks that the answer came within the 2 s an orchestrator allows. */
async function probe(parley: ParleyProcess, path: '/healthz' | '/readyz'): Promise<HttpAnswer> {
  const answer = await get(parley.url(path), ANSWER_WITHIN_MS + 1000);
  expect(answer.ms).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
  return answer;
}

/** Polls /readyz (and /healthz alongside) until /readyz answers `status`; returns the seconds it took. */
async function waitForReadiness(
  parley: ParleyProcess,
  status: 200 | 503,
  timeoutMs: number,
): Promise<{ seconds: number; answer: HttpAnswer }> {
  const started = Date.now();
  const answer = await waitFor(
    `/readyz to answer ${status}`,
    async () => {
      expect(parley.isRunning()).toBe(true);
      const health = await probe(parley, '/healthz');
      expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await probe(parley, '/readyz');
      return ready.status === status ? ready : undefined;
    },
    timeoutMs,
    250,
  );
  return { seconds: (Date.now() - started) / 1000, answer };
}

describe('npm start with MONGODB_URI', () => {
  let ferret: FerretDb;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = makeTempDir('outage');
    ferret = await startFerretDb(dataDir, await freePort());
  });

  it('is live and ready while the database is up', async () => {
    const parley = await startParley({ env: { MONGODB_URI: ferret.uri('parley_process') } });
    await parley.waitForLog('parley listening');
    await parley.waitForLog('database connected');

    expect(await probe(parley, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await probe(parley, '/readyz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('reports unready while the database is down and ready again when it is back, without restarting', async () => {
    const parley = await startParley({ env: { MONGODB_URI: ferret.uri('parley_process') } });
    await parley.waitForLog('database connected');
    expect(await probe(parley, '/readyz')).toMatchObject({ status: 200, body: { status: 'ok' } });

    await ferret.kill();
    const down = await waitForReadiness(parley, 503, 5000);
    expect(down.answer.body).toEqual({ status: 'unavailable' });

    // Stay down across several driver heartbeats: the process must neither crash nor flap.
    const stayDownUntil = Date.now() + 6000;
    while (Date.now() < stayDownUntil) {
      expect(await probe(parley, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await probe(parley, '/readyz')).toMatchObject({ status: 503, body: { status: 'unavailable' } });
      await sleep(300);
    }
    expect(parley.isRunning()).toBe(true);

    ferret = await startFerretDb(dataDir, ferret.port);
    const up = await waitForReadiness(parley, 200, 30_000);
    expect(up.answer.body).toEqual({ status: 'ok' });

    // Same process throughout: it listened once and never exited.
    expect(parley.isRunning()).toBe(true);
    expect(parley.logs().filter((line) => line.msg === 'parley listening')).toHaveLength(1);
    process.stderr.write(`outage: unready after ${down.seconds}s, ready again after ${up.seconds}s\n`);
  });

  it('starts listening while the database is down and becomes ready when it appears', async () => {
    await ferret.kill();
    const parley = await startParley({ env: { MONGODB_URI: ferret.uri('parley_process') } });
    await parley.waitForLog('parley listening');

    expect(await probe(parley, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await probe(parley, '/readyz')).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    // Let at least one connection attempt fail before the database appears.
    await parley.waitForLog('database not reachable, retrying', 15_000);
    expect(await probe(parley, '/readyz')).toMatchObject({ status: 503, body: { status: 'unavailable' } });

    ferret = await startFerretDb(dataDir, ferret.port);
    const up = await waitForReadiness(parley, 200, 30_000);
    expect(up.answer.body).toEqual({ status: 'ok' });
    await parley.waitForLog('database connected');
    expect(parley.isRunning()).toBe(true);
    process.stderr.write(`late database: ready ${up.seconds}s after it appeared\n`);
  });
});
