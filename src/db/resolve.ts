// Which database a process uses: MONGODB_URI when set; otherwise the embedded database
// of `npm start`, whose address is kept in DATA_DIR/database.uri while it runs, so the CLI
// and the worker reach the same one; otherwise a newly started embedded database.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../config';
import { type EmbeddedDatabase, type EmbeddedDatabaseOptions, startEmbeddedDatabase } from './embedded';

export interface ResolvedDatabase {
  uri: string;
  embedded?: EmbeddedDatabase;
  /** Stops the embedded database if this process started it. */
  release(): Promise<void>;
}

function uriFile(config: Config): string {
  return path.resolve(config.DATA_DIR, 'database.uri');
}

function isListening(uri: string): Promise<boolean> {
  const match = /^mongodb:\/\/([^/:]+):(\d+)/.exec(uri);
  if (!match) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect(Number(match[2]), match[1]);
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function resolveDatabase(
  config: Config,
  options: EmbeddedDatabaseOptions = {},
): Promise<ResolvedDatabase> {
  if (config.MONGODB_URI) return { uri: config.MONGODB_URI, release: async () => {} };
  const file = uriFile(config);
  if (existsSync(file)) {
    const running = readFileSync(file, 'utf8').trim();
    if (await isListening(running)) return { uri: running, release: async () => {} };
  }
  const embedded = await startEmbeddedDatabase(config.DATA_DIR, options);
  writeFileSync(file, embedded.uri);
  return {
    uri: embedded.uri,
    embedded,
    release: async () => {
      rmSync(file, { force: true });
      await embedded.stop();
    },
  };
}
