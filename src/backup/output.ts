// Writing a stream a piece at a time, waiting when it is full, so a slow disk or pipe holds
// the reader back instead of the lines piling up in memory.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** A problem with a backup or its site that the operator can fix; one line, no stack. */
export class BackupError extends Error {}

export async function writeLine(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
