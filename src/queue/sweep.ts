// Deleting old records without reading the whole collection. FerretDB 1.x reads every document
// for any filter other than {_id: value}, so `deleteMany({at: {$lt: ...}})` costs the whole
// collection each time. A sweep instead reads the collection's head in natural order (with no
// filter and no sort, the one read FerretDB limits in SQL), which is insertion order there and
// on MongoDB alike, deletes what has expired by _id, and goes on only while whole batches were
// expired: the oldest records come first, so its cost follows what it deletes.
import type { Model } from 'mongoose';

const BATCH = 200;
/** Batches per sweep at most; the next sweep carries on. */
const MAX_BATCHES = 50;

export async function sweepExpired<Doc extends { _id: unknown }>(
  model: Model<Doc>,
  isExpired: (doc: Doc) => boolean,
): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const head = (await model.find({}).limit(BATCH).lean()) as Doc[];
    const expired = head.filter(isExpired);
    for (const doc of expired) {
      const result = await model.deleteOne({ _id: doc._id } as never);
      deleted += result.deletedCount;
    }
    if (expired.length < BATCH) break;
  }
  return deleted;
}
