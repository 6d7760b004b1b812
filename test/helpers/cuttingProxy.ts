// A TCP proxy in front of the test database that can cut one command's connection. Once armed,
// it either lets the next matching command through, waits for the database's answer (so the
// command was carried out), drops that answer and cuts the connection (what a client sees when
// the database goes away between doing the work and saying so), or cuts the connection before
// the command reaches the database. Every other byte passes untouched.
import { type AddressInfo, createServer, type Socket, connect as tcpConnect } from 'node:net';

export interface CuttingProxy {
  port: number;
  /**
   * Arms the proxy for the next command `matches` recognises; resolves once that command's
   * answer was dropped and its connection cut.
   */
  loseAnswerTo(matches: (message: Buffer) => boolean): Promise<void>;
  /** Arms the proxy to cut the connection of the next matching command before sending it on. */
  loseCommand(matches: (message: Buffer) => boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * True for a wire-protocol message holding an `insert` into `collection` (the command's first
 * key, as the driver sends it: type byte 0x02, `insert`, the string's length, its bytes).
 */
export function isInsertInto(collection: string): (message: Buffer) => boolean {
  const key = Buffer.from('\x02insert\x00', 'latin1');
  const name = Buffer.from(`${collection}\x00`, 'utf8');
  return (message) => {
    const at = message.indexOf(key);
    if (at < 0) return false;
    const valueAt = at + key.length + 4;
    return message.subarray(valueAt, valueAt + name.length).equals(name);
  };
}

export async function startCuttingProxy(target: { host: string; port: number }): Promise<CuttingProxy> {
  const sockets = new Set<Socket>();
  let armed: { matches: (message: Buffer) => boolean; isSent: boolean; done: () => void } | undefined;

  const server = createServer((client) => {
    const upstream = tcpConnect(target.port, target.host);
    sockets.add(client).add(upstream);
    let losing: (() => void) | undefined;
    const cut = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk) => {
      const match = armed?.matches(chunk) ? armed : undefined;
      if (match) armed = undefined;
      if (match && !match.isSent) {
        cut();
        match.done();
        return;
      }
      upstream.write(chunk);
      if (match) losing = match.done;
    });
    upstream.on('data', (chunk) => {
      if (!losing) {
        client.write(chunk);
        return;
      }
      cut();
      losing();
    });
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    loseAnswerTo(matches) {
      return new Promise<void>((resolve) => {
        armed = { matches, isSent: true, done: resolve };
      });
    },
    loseCommand(matches) {
      return new Promise<void>((resolve) => {
        armed = { matches, isSent: false, done: resolve };
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
