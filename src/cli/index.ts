// `npm run cli -- <command> ...`: administration from the shell. The commands are registered
// in dispatch.ts; this file gives them the process's streams and database.
import mongoose from 'mongoose';
import { connectDatabase } from '../db/connection';
import { resolveDatabase } from '../db/resolve';
import { runCli } from './dispatch';

runCli(process.argv.slice(2), process, async (config) => {
  const database = await resolveDatabase(config, {
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  try {
    await connectDatabase(database.uri);
  } catch (error) {
    await database.release();
    throw error;
  }
  return async () => {
    await mongoose.disconnect();
    await database.release();
  };
})
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`parley: failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
