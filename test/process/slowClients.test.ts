// Fault drill (issue 13): slow clients. Hundreds of connections trickle in their headers
// (slowloris) or their bodies, one byte at a time, while ordinary readers keep asking. The
// server keeps answering the others, and HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS
// cut the slow ones off: their connections close, a slow body with a 408.
import net from 'node:net';
import { uriForDatabase, useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { get, type ParleyProcess, startParley, stopAllProcesses, waitFor } from '../helpers/process';

const database = useTestDatabase();
jest.setTimeout(90_000);
afterEach(stopAllProcesses);

const SLOW_HEADERS = 300;
const SLOW_BODIES = 50;
/** A generous bound: it tells "kept answering" from "stuck behind the slow clients". */
const ANSWER_WITHIN_MS = 2000;

interface SlowClient {
  socket: net.Socket;
  closed: Promise<void>;
  answer: () => string;
  stop: () => void;
}

/** Opens a connection that sends `start`, then one more byte of `drip` every half second. */
function slowClient(port: number, start: string, drip: string): SlowClient {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    answer += chunk;
  });
  socket.on('error', () => undefined);
  socket.write(start);
  let sent = 0;
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(drip[sent++ % drip.length] as string);
  }, 500);
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve();
    }),
  );
  return {
    socket,
    closed,
    answer: () => answer,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

it('keeps answering others while slow clients trickle headers and bodies, then cuts them off', async () => {
  const site = await buildSite({ id: 'news' });
  await buildComment(site, { pageId: '/story', content: 'Still readable.' });
  const parley: ParleyProcess = await startParley({
    env: {
      MONGODB_URI: uriForDatabase(database.name),
      HTTP_HEADERS_TIMEOUT_MS: '3000',
      HTTP_REQUEST_TIMEOUT_MS: '6000',
    },
  });
  await parley.waitForLog('database connected');
  const port = Number(new URL(parley.url('/')).port);

  const started = Date.now();
  const clients: SlowClient[] = [];
  for (let i = 0; i < SLOW_HEADERS; i++) {
    clients.push(slowClient(port, `GET /healthz HTTP/1.1\r\nHost: localhost\r\n`, 'X-Slow: yes\r\n'));
  }
  const bodies: SlowClient[] = [];
  for (let i = 0; i < SLOW_BODIES; i++) {
    bodies.push(
      slowClient(
        port,
        'POST /api/v1/sites/news/comments HTTP/1.1\r\nHost: localhost\r\n' +
          'Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"content":"',
        'slow',
      ),
    );
  }
  try {
    // Others are answered all along, before and after the cut-off.
    while (Date.now() - started < 8000) {
      for (const path of ['/healthz', '/api/v1/sites/news/comments?pageId=/story']) {
        const answer = await get(parley.url(path), ANSWER_WITHIN_MS + 1000);
        expect(answer.status).toBe(200);
        expect(answer.ms).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
      }
    }
    // Every slow connection has been closed by the server.
    await waitFor(
      'the server to close every slow connection',
      async () => {
        const open = [...clients, ...bodies].filter(
          (client) => !client.socket.destroyed && !client.socket.readableEnded,
        );
        return open.length === 0 ? true : undefined;
      },
      15_000,
      250,
    );
    // The slow bodies were answered 408 (the slow headers get nothing: their request never began).
    const timedOut = bodies.filter((client) => client.answer().startsWith('HTTP/1.1 408'));
    expect(timedOut.length).toBe(SLOW_BODIES);
    expect(
      clients.every((client) => client.answer() === '' || client.answer().startsWith('HTTP/1.1 408')),
    ).toBe(true);
    expect(parley.isRunning()).toBe(true);
  } finally {
    for (const client of [...clients, ...bodies]) client.stop();
  }
});
