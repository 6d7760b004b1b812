// `npm start` without MONGODB_URI runs its own FerretDB under DATA_DIR, says so in the log,
// and keeps the data across restarts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import {
  ferretdbBinary,
  get,
  isPortOpen,
  makeTempDir,
  type ParleyProcess,
  processesMentioning,
  startWithEmbeddedDatabase,
  stopAllProcesses,
} from '../helpers/process';

jest.setTimeout(60_000);

// The embedded database these tests expect is FerretDB (see ferretdbBinary); say so if there is none.
beforeAll(() => ferretdbBinary());
afterEach(stopAllProcesses);

async function startEmbedded(dataDir: string): Promise<{ parley: ParleyProcess; uri: string }> {
  const { parley, uri } = await startWithEmbeddedDatabase(dataDir);
  expect(await get(parley.url('/readyz'))).toMatchObject({ status: 200, body: { status: 'ok' } });
  return { parley, uri };
}

async function stop(parley: ParleyProcess): Promise<void> {
  parley.signal('SIGTERM');
  expect(await parley.waitForExit(15_000)).toEqual({ code: 0, signal: null });
}

/** Runs `work` on a connection of its own to `uri`, closed afterwards. */
async function withDatabase<T>(uri: string, work: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const db = connection.db;
    if (!db) throw new Error(`no database at ${uri}`);
    return await work(db);
  } finally {
    await connection.close();
  }
}

describe('npm start without MONGODB_URI', () => {
  it('starts FerretDB under DATA_DIR, logs where, and keeps data across a restart', async () => {
    const dataDir = makeTempDir('embedded');
    const first = await startEmbedded(dataDir);

    const started = first.parley.logs().find((line) => line.msg === 'embedded database started');
    expect(started).toMatchObject({
      database: 'ferretdb',
      dataDir: path.join(dataDir, 'ferretdb'),
      uri: expect.stringMatching(/^mongodb:\/\/127\.0\.0\.1:\d+\/\w+$/),
    });
    expect(existsSync(path.join(dataDir, 'ferretdb'))).toBe(true);
    // FerretDB's own state stays in DATA_DIR too, not in the working directory.
    expect(existsSync(path.join(dataDir, 'ferretdb', 'state.json'))).toBe(true);

    const mark = `restart-${Date.now()}-${Math.random()}`;
    await withDatabase(first.uri, (db) => db.collection('process_test_marks').insertOne({ mark }));

    await stop(first.parley);
    const firstPort = Number(new URL(first.uri).port);
    expect(await isPortOpen(firstPort)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);

    const second = await startEmbedded(dataDir);
    expect(second.parley.logs().find((line) => line.msg === 'embedded database started')).toMatchObject({
      database: 'ferretdb',
      dataDir: path.join(dataDir, 'ferretdb'),
    });
    const found = await withDatabase(second.uri, (db) =>
      db.collection('process_test_marks').findOne({ mark }, { projection: { _id: 0 } }),
    );
    expect(found).toEqual({ mark });
    await stop(second.parley);
  });

  it('keeps separate DATA_DIRs apart', async () => {
    const [dirA, dirB] = [makeTempDir('embedded-a'), makeTempDir('embedded-b')];
    const a = await startEmbedded(dirA);
    const b = await startEmbedded(dirB);
    expect(a.uri).not.toEqual(b.uri);

    const mark = `only-in-a-${Math.random()}`;
    await withDatabase(a.uri, (db) => db.collection('process_test_marks').insertOne({ mark }));
    expect(
      await withDatabase(b.uri, (db) => db.collection('process_test_marks').findOne({ mark })),
    ).toBeNull();
    await Promise.all([stop(a.parley), stop(b.parley)]);
  });
});
