// Graceful shutdown of `npm start`: a signal stops new connections, lets the request in
// flight finish, closes the database (stopping an embedded one) and exits with code 0.
import { once } from 'node:events';
import net from 'node:net';
import {
  ferretdbBinary,
  freePort,
  get,
  isPortOpen,
  makeTempDir,
  type ParleyProcess,
  processesMentioning,
  sleep,
  startParley,
  startWithEmbeddedDatabase,
  stopAllProcesses,
  waitFor,
} from '../helpers/process';

jest.setTimeout(60_000);

// The embedded database these tests expect is FerretDB (see ferretdbBinary); say so if there is none.
beforeAll(() => ferretdbBinary());
afterEach(stopAllProcesses);

/** Starts Parley with no MONGODB_URI, so it runs its own FerretDB under `dataDir`. */
async function startEmbedded(dataDir: string): Promise<{ parley: ParleyProcess; dbPort: number }> {
  const { parley, database, dbPort } = await startWithEmbeddedDatabase(dataDir);
  expect(database).toBe('ferretdb');
  expect(await isPortOpen(dbPort)).toBe(true);
  expect(processesMentioning(dataDir)).not.toHaveLength(0);
  return { parley, dbPort };
}

/** Reads from the socket until the server closes it or a full JSON response has arrived. */
async function readResponse(socket: net.Socket, timeoutMs: number): Promise<string> {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  await waitFor(
    'the response',
    () => {
      const [head, body] = text.split('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(head ?? '')?.[1] ?? Number.NaN);
      if (body !== undefined && Buffer.byteLength(body) >= length) return true;
      return socket.destroyed || socket.readableEnded ? true : undefined;
    },
    timeoutMs,
    20,
  );
  return text;
}

describe('graceful shutdown', () => {
  it('on SIGTERM answers the request in flight, stops the embedded database and exits 0', async () => {
    const dataDir = makeTempDir('shutdown');
    const { parley, dbPort } = await startEmbedded(dataDir);

    // A body of 20 bytes, of which only the first 10 are sent before the signal. The last
    // byte makes it invalid JSON, so a 400 invalid_json proves the server read all of it.
    const firstHalf = '{"text":"h';
    const secondHalf = 'ello!!!"}!';
    expect(Buffer.byteLength(firstHalf + secondHalf)).toBe(20);
    const socket = net.connect(parley.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'POST /process-test/slow-upload HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Content-Type: application/json\r\nContent-Length: 20\r\n\r\n' +
        firstHalf,
    );
    await sleep(300);

    parley.signal('SIGTERM');
    await parley.waitForLog('shutting down', 5000);
    // No new connections once shutdown has begun...
    await waitFor(
      'the port to close',
      async () => ((await isPortOpen(parley.port)) ? undefined : true),
      2000,
    );
    // ...but the request in flight is still served, and holds the exit until it is.
    await sleep(500);
    expect(parley.isRunning()).toBe(true);

    socket.write(secondHalf);
    const response = await readResponse(socket, 5000);
    const answered = Date.now();
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toContain('"code":"invalid_json"');
    // The answer closes the connection, so a keep-alive client cannot hold the exit.
    expect(response).toMatch(/\r\nConnection: close\r\n/i);

    expect(await parley.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - answered).toBeLessThan(3000);
    socket.destroy();
    expect(parley.logs().map((line) => line.msg)).toContain('stopped');
    expect(parley.stderr()).toBe('');
    expect(await isPortOpen(dbPort)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('on SIGINT to the whole process group (Ctrl-C) exits 0 and leaves no database behind', async () => {
    const dataDir = makeTempDir('sigint');
    const { parley, dbPort } = await startEmbedded(dataDir);
    expect(await get(parley.url('/readyz'))).toMatchObject({ status: 200 });

    parley.signalGroup('SIGINT');
    expect(await parley.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    expect(parley.logs()).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal: 'SIGINT' }));
    expect(parley.logs().map((line) => line.msg)).toContain('stopped');
    expect(await isPortOpen(dbPort)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  // Each connection attempt waits up to 5 s for the database, then Parley pauses before the
  // next; a signal in either phase must end the process at once, and cleanly.
  it.each([
    ['during a connection attempt', 'parley listening'],
    ['between connection attempts', 'database not reachable, retrying'],
  ])('on SIGTERM while the database is down (%s) exits 0 at once', async (_phase, waitForMsg) => {
    const closedPort = await freePort();
    const parley = await startParley({ env: { MONGODB_URI: `mongodb://127.0.0.1:${closedPort}/parley` } });
    await parley.waitForLog(waitForMsg, 15_000);
    if (waitForMsg === 'parley listening') await sleep(1000);

    const signalled = Date.now();
    parley.signal('SIGTERM');
    expect(await parley.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(2500);
    expect(parley.logs().map((line) => line.msg)).toContain('stopped');
    expect(parley.logs().map((line) => line.msg)).not.toContain('database connected');
  });
});
