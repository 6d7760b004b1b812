// One import from start to end: a reader streams the file, the writer stores what it yields.
// When the file turns out malformed, what was stored before that point is kept and its threads
// brought up to date before the error goes on, so the site stays consistent and the fixed
// file, run again, adds the rest.
import type { EmailVault } from '../privacy/emailVault';
import { readDisqusExport } from './disqus';
import type { ImportSource } from './items';
import { readWordPressExport } from './wordpress';
import { createImportWriter, type ImportSummary } from './writer';
import type { ReadProgress } from './xmlStream';

export interface ImportRun {
  file: string;
  site: string;
  source: ImportSource;
  vault: EmailVault;
  now: Date;
  /** Told the bytes read and the items handled as the file goes by. */
  onProgress?: (bytesRead: number, items: number) => void;
}

export class ImportStoppedError extends Error {
  constructor(
    override readonly cause: Error,
    readonly summary: ImportSummary,
  ) {
    super(cause.message);
  }
}

export async function importFile(run: ImportRun): Promise<ImportSummary> {
  const writer = createImportWriter(run);
  let items = 0;
  const progress: ReadProgress = { onBytes: (bytes) => run.onProgress?.(bytes, items) };
  const reader =
    run.source === 'wordpress'
      ? readWordPressExport(run.file, progress)
      : readDisqusExport(run.file, progress);
  try {
    for await (const item of reader) {
      await writer.add(item);
      items += 1;
    }
  } catch (error) {
    throw new ImportStoppedError(error as Error, await writer.finish());
  }
  return writer.finish();
}
