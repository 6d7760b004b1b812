// The one writer of a page's thread at a time. FerretDB 1.x applies updates as a separate
// read and write, so two writers of one record could lose each other's change. A writer first
// takes the page's next lease slot (a unique insert, atomic everywhere), rereads the record
// under it, and stores copy-on-write: new chunks, then the record, then a slot that releases
// the page, then the old chunks go. The others wait and retry.
import { randomBytes, randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { claimItem, lastSlotOf, releaseClaim, settleClaim } from '../queue/lease.model';
import {
  deleteThreadChunks,
  findThreadRecord,
  insertThreadChunks,
  saveThreadRecord,
  type ThreadItem,
  type ThreadRecord,
  threadKey,
} from './thread.model';

const LEASE_SCOPE = 'thread';
/** Longer than any sync takes; a writer that died holds the page no longer than this. */
const LEASE_MS = 30_000;
/** How long a change waits for the page before leaving it to the worker's repair pass. */
const WAIT_LIMIT_MS = 20_000;
const OWNER = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

export class ThreadBusyError extends Error {}

/** Told of every record this process writes, so its read caches show the change at once. */
export const threadWrites = new EventEmitter<{ written: [ThreadRecord] }>();
// Each app in a process (several in tests) listens.
threadWrites.setMaxListeners(0);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function newThreadVersion(): number {
  return randomInt(1, 2 ** 47);
}

export function newChunkId(site: string, pageId: string): string {
  return `${threadKey(site, pageId)}#${randomBytes(6).toString('hex')}`;
}

/** What a writer hands back: the record to store and the chunks that replace others. */
export interface ThreadWrite {
  record: Omit<ThreadRecord, 'slot'>;
  added: Array<{ id: string; items: ThreadItem[] }>;
  removed: string[];
}

/**
 * Runs `write` as the page's only writer and stores what it returns: new chunks first, then
 * the record, then the old chunks go. Waits while another writer holds the page; throws
 * ThreadBusyError after WAIT_LIMIT_MS.
 */
export async function writeThreadExclusively(
  site: string,
  pageId: string,
  write: (record: ThreadRecord | undefined) => Promise<ThreadWrite>,
): Promise<ThreadRecord> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  const itemId = threadKey(site, pageId);
  for (;;) {
    const current = await findThreadRecord(site, pageId);
    // A page without a record was never written, unless its record was deleted (by hand, say):
    // then its lease slots tell where to claim. A write takes three (claim, settle, release),
    // so starting two below the last one reaches any writer still at work, and waits for it.
    const after = current?.slot ?? Math.max(0, (await lastSlotOf(LEASE_SCOPE, itemId)) - 2);
    const claim = await claimItem({
      scope: LEASE_SCOPE,
      itemId,
      after,
      owner: OWNER,
      now: new Date(),
      leaseMs: LEASE_MS,
    });
    if (claim) {
      let result: ThreadWrite;
      try {
        // Read again under the lease: another writer may have finished between the first
        // read and the claim (the claim then stepped over its slots), and its record counts.
        result = await write(await findThreadRecord(site, pageId));
      } catch (error) {
        await releaseClaim(claim, new Date()).catch(() => undefined);
        throw error;
      }
      // Settling fails only when this writer was so slow that its lease ran out and another
      // took the page over: its work is stale, so start again. The settling slot holds the
      // page until the record naming it is stored; the next writer claims the slot after it.
      const slot = await settleClaim(claim, new Date(), LEASE_MS);
      if (slot !== undefined) {
        await insertThreadChunks(result.added);
        // The next writer claims the slot after the release below.
        const record = { ...result.record, slot: slot + 1, updatedAt: new Date() };
        await saveThreadRecord(record);
        // Releases the page for writers that read an older record (see claimItem).
        await settleClaim({ ...claim, slot }, new Date(), 0);
        await deleteThreadChunks(result.removed);
        threadWrites.emit('written', record);
        return record;
      }
    }
    if (Date.now() > deadline) throw new ThreadBusyError(`the thread of ${itemId} stayed busy`);
    await sleep(5 + randomInt(20));
  }
}
