// Each test file gets a database of its own, so jest workers run in parallel safely.
// Collections are emptied before every test.
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';

export function testDatabaseUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set; test/setup/globalSetup.ts should have set it');
  return uri;
}

/** The server's URI with another database name, for child processes (CLI, npm start). */
export function uriForDatabase(name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?[^?]*(\?.*)?$/.exec(testDatabaseUri());
  if (!match) throw new Error('MONGODB_URI is not a mongodb:// URI');
  return `${match[1]}/${name}${match[2] ?? ''}`;
}

export async function clearDatabase(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) return;
  const collections = await db.collections();
  await Promise.all(collections.map((collection) => collection.deleteMany({})));
}

/** `monitorCommands` makes the driver report every command it sends (see readCost.test.ts). */
export function useTestDatabase(options: { monitorCommands?: boolean } = {}): { name: string } {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  beforeAll(async () => {
    await mongoose.connect(testDatabaseUri(), {
      dbName: name,
      serverSelectionTimeoutMS: 10_000,
      monitorCommands: options.monitorCommands ?? false,
    });
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  });
  beforeEach(clearDatabase);
  afterAll(async () => {
    await mongoose.connection.db?.dropDatabase();
    await mongoose.disconnect();
  });
  return { name };
}
