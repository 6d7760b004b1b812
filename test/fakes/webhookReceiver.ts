// A local HTTP server standing in for a site's webhook endpoint: it records every request
// with its raw body (to verify signatures over the exact bytes), and can answer the next N
// with an error or hang past the sender's timeout.
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** The status this request was answered with. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedWebhook[];
  /** Requests answered 2xx. */
  delivered(): ReceivedWebhook[];
  /** Answer the next `count` requests with `status` (500 by default). */
  failNext(count: number, status?: number): void;
  /** Never answer the next `count` requests. */
  hangNext(count: number): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const sockets = new Set<Socket>();
  let failures = 0;
  let failureStatus = 500;
  let hangs = 0;
  const requests: ReceivedWebhook[] = [];

  const server = http.createServer((req, res) => {
    let rawBody = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      rawBody += chunk;
    });
    req.on('end', () => {
      const record = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        status: 0,
      };
      requests.push(record);
      if (hangs > 0) {
        hangs -= 1;
        return;
      }
      record.status = failures > 0 ? failureStatus : 204;
      if (failures > 0) failures -= 1;
      res.writeHead(record.status).end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/parley`,
    requests,
    delivered: () => requests.filter((request) => request.status >= 200 && request.status < 300),
    failNext(count, status = 500) {
      failures = count;
      failureStatus = status;
    },
    hangNext(count) {
      hangs = count;
    },
    reset() {
      requests.splice(0);
      failures = 0;
      hangs = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts the receiver for this test file and empties it before each test. */
export function useWebhookReceiver(): { current(): WebhookReceiver } {
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  beforeEach(() => receiver?.reset());
  afterAll(async () => {
    await receiver?.close();
  });
  return {
    current() {
      if (!receiver) throw new Error('the webhook receiver starts in beforeAll');
      return receiver;
    },
  };
}
