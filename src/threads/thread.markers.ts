// Sync markers: proof that a change to the public thread is owed. A marker is inserted before
// a comment changes in a way readers could see, and deleted once the page's thread shows the
// change. A process that dies in between leaves the marker, and the worker's repair pass
// (repairThreads) syncs it later, so no approval, edit or delete is lost from the thread.
import mongoose, { Schema } from 'mongoose';
import { syncThread, type ThreadChange } from './thread.sync';

interface MarkerDocument extends ThreadChange {
  _id: string;
  at: Date;
}

export const ThreadSyncMarkerModel = mongoose.model<MarkerDocument>(
  'ThreadSyncMarker',
  new Schema<MarkerDocument>(
    {
      _id: { type: String, required: true },
      site: { type: String, required: true },
      pageId: { type: String, required: true },
      threadId: { type: String, required: true },
      commentId: { type: String, required: true },
      createdAt: { type: Date, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'thread_syncs',
);

/** A marker left this long is taken to belong to a writer that died (syncs take milliseconds). */
const ABANDONED_AFTER_MS = 30_000;
const REPAIR_BATCH = 50;

/** Records that `change` is owed to its page's thread; returns the marker's id. */
export async function markThreadChange(change: ThreadChange, key: string): Promise<string> {
  const _id = `${change.commentId}:${key}`;
  await ThreadSyncMarkerModel.replaceOne({ _id }, { ...change, at: new Date() }, { upsert: true });
  return _id;
}

export async function clearThreadMarker(id: string): Promise<void> {
  await ThreadSyncMarkerModel.deleteOne({ _id: id });
}

/**
 * Syncs the changes whose writers stopped before finishing; how many it repaired. Reads the
 * head of the markers collection, which holds only unfinished work.
 */
export async function repairThreads(now = new Date()): Promise<number> {
  const markers = await ThreadSyncMarkerModel.find({}).limit(REPAIR_BATCH).lean<MarkerDocument[]>();
  const cutoff = now.getTime() - ABANDONED_AFTER_MS;
  let repaired = 0;
  for (const marker of markers) {
    if (marker.at.getTime() > cutoff) continue;
    const { site, pageId, threadId, commentId, createdAt } = marker;
    await syncThread([{ site, pageId, threadId, commentId, createdAt }]);
    await clearThreadMarker(marker._id);
    repaired += 1;
  }
  return repaired;
}
