// Every test run talks to a real MongoDB-compatible server: MONGODB_URI when it is set,
// otherwise one started here by the same chain `npm start` uses (see startEmbeddedDatabase;
// on a fresh machine it may build FerretDB first) in a temporary directory.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../src/db/embedded';

export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-test-db-'));
  const database = await startEmbeddedDatabase(dataDir, {
    onProgress: (message) => process.stderr.write(`\n${message}\n`),
  });
  process.env.MONGODB_URI = database.uri;
  (globalThis as { parleyTestDatabase?: typeof database }).parleyTestDatabase = database;
  process.stderr.write(`\ntests use ${database.kind} at ${database.uri} (${database.dataDir})\n`);
  if (database.warning) process.stderr.write(`warning: ${database.warning}\n`);
}
