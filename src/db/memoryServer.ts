// MongoDB run by mongodb-memory-server, for the embedded-database chain: one it downloaded
// on an earlier run, or a new download (about 100 MB, once), which needs the internet.
import path from 'node:path';
import { makeDirs, missingDirs, removeEmptyDirs } from './dirs';

/** Whether mongodb-memory-server downloaded MongoDB on an earlier run; never downloads. */
export async function hasDownloadedMongod(): Promise<boolean> {
  const { DryMongoBinary } = await import('mongodb-memory-server-core');
  return (await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions())) !== undefined;
}

export async function startMemoryServer(dataDir: string): Promise<{
  uri: string;
  dataDir: string;
  stop(): Promise<void>;
}> {
  const dir = path.resolve(dataDir, 'mongodb-memory-server');
  const { DryMongoBinary, MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server-core');
  // A failed download leaves no empty folders behind: neither the data folder nor the
  // download cache, where mongodb-memory-server makes them.
  const { downloadDir } = await DryMongoBinary.generateOptions();
  const unmadeDownloadDirs = missingDirs(downloadDir);
  const madeDataDirs = makeDirs(dir);
  try {
    // Find or download the binary first (create() then finds it cached): when that fails
    // inside create(), it also prints the error with its stack trace to stderr, and the
    // operator should get one line.
    await MongoBinary.getPath();
    const server = await MongoMemoryServer.create({ instance: { dbPath: dir, storageEngine: 'wiredTiger' } });
    return {
      uri: server.getUri('parley'),
      dataDir: dir,
      stop: async () => {
        await server.stop({ doCleanup: false });
      },
    };
  } catch (error) {
    removeEmptyDirs(madeDataDirs);
    removeEmptyDirs(unmadeDownloadDirs);
    throw error;
  }
}
