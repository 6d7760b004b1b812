// What an import tells the operator: a progress bar on a terminal (items, bytes of the file,
// rate, time left) and, at the end, the summary on stdout. Neither names a commenter.
import type { Writable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import type { ImportSummary } from './writer';

export interface ImportProgress {
  /** Bytes of the file read so far, and items (pages, comments, skips) handled. */
  update(bytesRead: number, items: number): void;
  stop(): void;
}

const MB = 1024 * 1024;
const megabytes = (bytes: number) => (bytes / MB).toFixed(1);

/** A bar on `stream` when it is a terminal; nothing otherwise. */
export function createImportProgress(output: Writable | undefined, fileSize: number): ImportProgress {
  const stream = output as NodeJS.WriteStream | undefined;
  if (!stream?.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar({
    stream,
    format:
      '{bar} {percentage}% | {items} items | {read} of {size} MB | {rate} items/s | ETA {eta_formatted}',
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
  });
  const startedAt = Date.now();
  bar.start(fileSize, 0, { items: 0, read: '0.0', size: megabytes(fileSize), rate: 0 });
  return {
    update(bytesRead, items) {
      const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
      bar.update(bytesRead, { items, read: megabytes(bytesRead), rate: Math.round(items / seconds) });
    },
    stop() {
      bar.stop();
    },
  };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The summary's lines, for stdout. */
export function formatSummary(summary: ImportSummary, site: string): string {
  const { imported, skipped } = summary;
  const total = imported.approved + imported.pending + imported.spam + imported.trash;
  const isWordPress = summary.source === 'wordpress';
  const pages = isWordPress ? plural(summary.pages, 'post') : plural(summary.pages, 'thread');
  const skips = isWordPress
    ? [
        plural(skipped.pingback, 'pingback'),
        plural(skipped.trackback, 'trackback'),
        `${skipped.otherType} of other comment types`,
        `${skipped.badLink} on posts without a usable link`,
      ]
    : [`${plural(skipped.noThread, 'post')} whose thread is not in the file`];
  const lines = [
    `${isWordPress ? 'WordPress' : 'Disqus'} import into site ${site}: ${pages}`,
    `comments imported: ${total} (approved ${imported.approved}, pending ${imported.pending}, spam ${imported.spam}, trash ${imported.trash})`,
    `already imported: ${summary.existing}`,
    `skipped: ${skips.join(', ')}`,
    `replies made top-level (parent missing): ${summary.parentMissing}`,
  ];
  if (isWordPress) lines.push(`dates taken from comment_date (no comment_date_gmt): ${summary.localDates}`);
  return `${lines.join('\n')}\n`;
}
