// A full garbage collection in Parley, asked for through the V8 inspector, so the soak reads
// Parley's RSS at the two ends of its load in the same state. Read at any other moment, RSS sits
// anywhere on the sawtooth of allocations and collections (100 MB apart in these runs), and a
// single reading says more about when it was taken than about what Parley holds. Parley runs
// with `--inspect=127.0.0.1:0` for this; nothing else attaches to it.
import WebSocket from 'ws';
import type { Child } from './processes';

/** Node's flag for the process the soak starts: an inspector on a free loopback port. */
export const INSPECT_FLAG = '--inspect=127.0.0.1:0';

function inspectorUrl(child: Child): string {
  const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(child.output())?.[1];
  if (!url) throw new Error('Parley printed no inspector address; was it started with INSPECT_FLAG?');
  return url;
}

/** Runs a full collection in Parley and resolves once V8 has finished it. */
export async function collectGarbage(child: Child, timeoutMs = 30_000): Promise<void> {
  const socket = new WebSocket(inspectorUrl(child));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the collection did not finish in time')), timeoutMs);
      socket.once('error', reject);
      socket.once('open', () =>
        socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })),
      );
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id?: number; error?: { message: string } };
        if (message.id !== 1) return;
        clearTimeout(timer);
        if (message.error) reject(new Error(message.error.message));
        else resolve();
      });
    });
  } finally {
    socket.close();
  }
}
