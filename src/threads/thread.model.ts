// A page's public thread, precomputed: what a reader is shown, already in the public shape,
// kept in documents fetched by _id so that reading a thread, answering 304 and counting
// comments never query the comments collection.
//
//   threads        one record per page (_id = site:pageId): the counts, the version that
//                  ETags and caches key on, and the directory of the page's chunks.
//   thread_chunks  the approved top-level comments in time order, a few dozen per chunk,
//                  each with its public replies, as the JSON the API sends. A chunk is
//                  stored deflated, as one binary field: FerretDB spends about 10 µs per
//                  100 bytes of a document it reads, and a deflated chunk is a fifth of
//                  its JSON, so a cold read of a 65 kB thread costs 3 ms there instead of 15.
//
// Chunks are copy-on-write: a change writes the chunks it touches under new ids, then the
// record pointing at them, then deletes the old ones; a reader holding the old record and
// missing a chunk reads the record again. Records and chunks are written only by the holder
// of the page's lease (thread.sync.ts), because FerretDB 1.x does not apply updates atomically.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import mongoose, { Schema } from 'mongoose';
import type { ThreadLogEntry } from './thread.changes';

/**
 * A reply of a top-level comment that is approved, public or not (its parent may not be), or
 * one no longer approved that keeps its place as a placeholder (`gone`) for approved replies
 * under it (thread.members.ts).
 */
export interface ThreadMember {
  id: string;
  parent: string;
  gone?: 'deleted' | 'held';
}

/** One approved top-level comment with its replies. */
export interface ThreadItem {
  /** The top-level comment's id. */
  top: string;
  /** Its place in time order: createdAt (ISO) and id. */
  key: string;
  /** Every approved reply under it, shown or not. */
  members: ThreadMember[];
  /** The public comment with its public replies, as the API sends it. */
  json: string;
}

/** Approved replies under a top-level comment that is not public. */
export interface HiddenThread {
  top: string;
  members: ThreadMember[];
}

export interface ChunkRef {
  id: string;
  /** Top-level comments in the chunk. */
  n: number;
  /** The key of its first item. */
  first: string;
}

export interface ThreadRecord {
  site: string;
  pageId: string;
  /** Changes whenever what the thread shows changes: ETags and caches key on it. */
  version: number;
  approvedCount: number;
  approvedTopLevelCount: number;
  chunks: ChunkRef[];
  hidden: HiddenThread[];
  /** Whether the items show Gravatar images (the site's setting when they were built). */
  gravatar: boolean;
  /** The last lease slot whose holder wrote this record (see thread.sync.ts). */
  slot: number;
  updatedAt: Date;
  /** The latest public changes, for live readers (thread.changes.ts); absent on older records. */
  changes?: ThreadLogEntry[];
}

interface ThreadDocument extends ThreadRecord {
  _id: string;
}

interface ChunkDocument {
  _id: string;
  /** The chunk's items as JSON, deflated (raw DEFLATE, RFC 1951). */
  data: Buffer;
}

const memberSchema = new Schema<ThreadMember>({ id: String, parent: String, gone: String }, { _id: false });

const threadSchema = new Schema<ThreadDocument>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    pageId: { type: String, required: true },
    version: { type: Number, required: true },
    approvedCount: { type: Number, default: 0 },
    approvedTopLevelCount: { type: Number, default: 0 },
    chunks: {
      type: [new Schema<ChunkRef>({ id: String, n: Number, first: String }, { _id: false })],
      default: [],
    },
    hidden: {
      type: [new Schema<HiddenThread>({ top: String, members: [memberSchema] }, { _id: false })],
      default: [],
    },
    gravatar: { type: Boolean, default: false },
    slot: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
    changes: {
      type: [new Schema<ThreadLogEntry>({ seq: Number, id: String, kind: String, at: Date }, { _id: false })],
      default: undefined,
    },
  },
  { versionKey: false, minimize: false },
);
// For the repair command (an admin path).
threadSchema.index({ site: 1 });

const chunkSchema = new Schema<ChunkDocument>(
  {
    _id: { type: String, required: true },
    data: { type: Buffer, required: true },
  },
  { versionKey: false },
);

export const ThreadModel = mongoose.model<ThreadDocument>('Thread', threadSchema, 'threads');
export const ThreadChunkModel = mongoose.model<ChunkDocument>('ThreadChunk', chunkSchema, 'thread_chunks');

/** A page's id is its site and its pageId together, so every lookup of it is by _id. */
export function threadKey(site: string, pageId: string): string {
  return `${site}:${pageId}`;
}

function toRecord(doc: ThreadDocument): ThreadRecord {
  return {
    site: doc.site,
    pageId: doc.pageId,
    version: doc.version,
    approvedCount: doc.approvedCount ?? 0,
    approvedTopLevelCount: doc.approvedTopLevelCount ?? 0,
    chunks: (doc.chunks ?? []).map(({ id, n, first }) => ({ id, n, first })),
    hidden: (doc.hidden ?? []).map(({ top, members }) => ({ top, members: members.map(toMember) })),
    gravatar: doc.gravatar ?? false,
    slot: doc.slot ?? 0,
    updatedAt: doc.updatedAt,
    ...(doc.changes && { changes: doc.changes.map(({ seq, id, kind, at }) => ({ seq, id, kind, at })) }),
  };
}

function toMember({ id, parent, gone }: ThreadMember): ThreadMember {
  return gone ? { id, parent, gone } : { id, parent };
}

function toItem(item: ThreadItem): ThreadItem {
  return { top: item.top, key: item.key, members: (item.members ?? []).map(toMember), json: item.json };
}

function packItems(items: ThreadItem[]): Buffer {
  return deflateRawSync(JSON.stringify(items.map(toItem)));
}

/** Lean reads give the driver's Binary; documents built here give a Buffer. */
function unpackItems(data: Buffer | { buffer: Uint8Array }): ThreadItem[] {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer);
  return (JSON.parse(inflateRawSync(bytes).toString('utf8')) as ThreadItem[]).map(toItem);
}

export async function findThreadRecord(site: string, pageId: string): Promise<ThreadRecord | undefined> {
  const doc = await ThreadModel.findById(threadKey(site, pageId)).lean<ThreadDocument>();
  return doc ? toRecord(doc) : undefined;
}

/** The chunk's items, or undefined when it was replaced meanwhile (read the record again). */
export async function findThreadChunk(id: string): Promise<ThreadItem[] | undefined> {
  const doc = await ThreadChunkModel.findById(id).lean<ChunkDocument>();
  return doc ? unpackItems(doc.data) : undefined;
}

/** Every item of a thread, in time order (admin paths: the repair command). */
export async function findAllItems(record: ThreadRecord): Promise<ThreadItem[]> {
  const chunks = await Promise.all(record.chunks.map((chunk) => findThreadChunk(chunk.id)));
  return chunks.flatMap((items) => items ?? []);
}

export async function insertThreadChunks(chunks: Array<{ id: string; items: ThreadItem[] }>): Promise<void> {
  if (chunks.length === 0) return;
  await ThreadChunkModel.insertMany(chunks.map((chunk) => ({ _id: chunk.id, data: packItems(chunk.items) })));
}

export async function deleteThreadChunks(ids: string[]): Promise<void> {
  for (const _id of ids) await ThreadChunkModel.deleteOne({ _id });
}

/** Stores the record; only the holder of the page's lease calls this. */
export async function saveThreadRecord(record: ThreadRecord): Promise<void> {
  const { site, pageId } = record;
  await ThreadModel.replaceOne({ _id: threadKey(site, pageId) }, record, { upsert: true });
}

/** Every page of a site that has a thread record (admin paths only: it queries by site). */
export async function listThreadPageIds(site?: string): Promise<Array<{ site: string; pageId: string }>> {
  const docs = await ThreadModel.find(site ? { site } : {})
    .select('site pageId')
    .lean<Array<{ site: string; pageId: string }>>();
  return docs.map(({ site: siteId, pageId }) => ({ site: siteId, pageId }));
}
