// A durable queue that holds only outstanding work. Items due now, or held by a worker, live
// in the collection `<name>`; items waiting for a later try live in `<name>_later`. A
// finished item is deleted: its history belongs on the record it is about (a comment's spam
// check, a job's history). So a claim, and an idle poll, cost what the backlog costs, never
// what the database has stored over the years.
//
// A claim reads the head of `<name>` in natural order, with no filter and no sort: the one
// query FerretDB 1.x answers with an SQL LIMIT instead of reading the whole collection (on
// MongoDB it stops after the same few documents). Who holds an item is decided by lease
// slots (./lease.model.ts), since FerretDB applies findOneAndUpdate claims non-atomically.
import mongoose, { Schema } from 'mongoose';
import { type Claim, claimItem, countRunningClaims, releaseClaim, settleClaim } from './lease.model';

export interface QueueItem<Payload> {
  id: string;
  dueAt: Date;
  /** The last lease slot whose holder wrote here: a claim takes the next one. */
  slot: number;
  payload: Payload;
  queuedAt: Date;
}

export interface ClaimedItem<Payload> extends QueueItem<Payload> {
  claim: Claim;
}

interface ItemDocument {
  _id: string;
  dueAt: Date;
  slot: number;
  payload: unknown;
  queuedAt: Date;
}

/** Head items looked at per claim; the first one no other worker holds is taken. */
const CANDIDATES = 20;
/** Waiting items moved to the ready collection per pass. */
const PROMOTE_BATCH = 200;
/** How often the waiting items are looked at, at most (in the callers' clock). */
const PROMOTE_EVERY_MS = 1000;

const models = new Map<
  string,
  { ready: mongoose.Model<ItemDocument>; later: mongoose.Model<ItemDocument> }
>();

function itemSchema() {
  return new Schema<ItemDocument>(
    {
      _id: { type: String, required: true },
      dueAt: { type: Date, required: true },
      slot: { type: Number, default: 0 },
      payload: { type: Schema.Types.Mixed, default: {} },
      queuedAt: { type: Date, required: true },
    },
    { versionKey: false, minimize: false },
  );
}

function modelsFor(name: string) {
  let pair = models.get(name);
  if (!pair) {
    const later = itemSchema();
    // On MongoDB the due waiting items are found on this index; FerretDB reads the (small)
    // collection of waiting items.
    later.index({ dueAt: 1 });
    pair = {
      ready: mongoose.model<ItemDocument>(`Queue:${name}`, itemSchema(), name),
      later: mongoose.model<ItemDocument>(`Queue:${name}_later`, later, `${name}_later`),
    };
    models.set(name, pair);
  }
  return pair;
}

function toItem<Payload>(doc: ItemDocument): QueueItem<Payload> {
  return {
    id: doc._id,
    dueAt: doc.dueAt,
    slot: doc.slot ?? 0,
    payload: (doc.payload ?? {}) as Payload,
    queuedAt: doc.queuedAt,
  };
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

export interface WorkQueue<Payload> {
  readonly name: string;
  /**
   * Stores an item once per id: due at `dueAt` (now by default). False when an item with this
   * id is outstanding already.
   */
  enqueue(item: { id: string; payload: Payload; now: Date; dueAt?: Date }): Promise<boolean>;
  /** The outstanding item with this id, due or waiting. */
  find(id: string): Promise<QueueItem<Payload> | undefined>;
  /**
   * Takes the first due item that no other worker holds and that `accepts`, for `owner`
   * until now + leaseMs. An item whose worker died is taken again once its lease runs out.
   */
  claimNext(options: {
    owner: string;
    now: Date;
    leaseMs: number;
    accepts?: (item: QueueItem<Payload>) => boolean;
  }): Promise<ClaimedItem<Payload> | undefined>;
  /** The right to write a claim's result, for leaseMs more; undefined when the claim was lost. */
  settle(claimed: ClaimedItem<Payload>, now: Date, leaseMs: number): Promise<number | undefined>;
  /** Gives a claim up untouched, so the next worker need not wait for its lease. */
  release(claimed: ClaimedItem<Payload>, now: Date): Promise<void>;
  /** Removes a finished item. */
  remove(id: string): Promise<void>;
  /** Puts a settled item aside until `dueAt`, with a new payload. */
  retryLater(item: {
    id: string;
    slot: number;
    payload: Payload;
    queuedAt: Date;
    dueAt: Date;
  }): Promise<void>;
  /** Moves waiting items whose time has come back among the due ones; how many moved. */
  promoteDue(now: Date): Promise<number>;
  /** Outstanding items (for metrics and tests): the due ones and the waiting ones. */
  list(): Promise<{ due: QueueItem<Payload>[]; waiting: QueueItem<Payload>[] }>;
  /** Due items held by a worker right now. */
  countRunning(now: Date): Promise<number>;
}

export interface WorkQueueOptions {
  /**
   * Claims take the oldest due item first (jobs: a webhook receiver sees a comment's events
   * in order). Without it, items near the head are taken in any order (spam checks), which
   * lets several workers claim side by side without racing for the same item.
   */
  keepsOrder: boolean;
}

export function defineWorkQueue<Payload>(name: string, options: WorkQueueOptions): WorkQueue<Payload> {
  const { ready, later } = modelsFor(name);
  let lastPromotion = Number.NEGATIVE_INFINITY;

  async function insertReady(doc: ItemDocument): Promise<boolean> {
    try {
      await ready.create(doc);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async function promoteDue(now: Date): Promise<number> {
    lastPromotion = now.getTime();
    const due = await later
      .find({ dueAt: { $lte: now } })
      .limit(PROMOTE_BATCH)
      .lean<ItemDocument[]>();
    for (const doc of due) {
      // Insert first: a crash in between leaves the item in both, and the copy that is
      // taken second finds its work done. A duplicate means it is due already.
      await insertReady(doc);
      await later.deleteOne({ _id: doc._id });
    }
    return due.length;
  }

  return {
    name,

    async enqueue({ id, payload, now, dueAt = now }) {
      const doc = { _id: id, dueAt, slot: 0, payload, queuedAt: now };
      if (dueAt <= now) return insertReady(doc);
      if (await ready.exists({ _id: id })) return false;
      try {
        await later.create(doc);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async find(id) {
      const doc =
        (await ready.findById(id).lean<ItemDocument>()) ?? (await later.findById(id).lean<ItemDocument>());
      return doc ? toItem<Payload>(doc) : undefined;
    },

    async claimNext({ owner, now, leaseMs, accepts }) {
      // Waiting items (retries, delayed jobs) are looked at about once a second, not on every
      // claim: with many of them (Akismet down for hours), each look reads them all on FerretDB.
      if (now.getTime() - lastPromotion >= PROMOTE_EVERY_MS || now.getTime() < lastPromotion) {
        await promoteDue(now);
      }
      const head = await ready.find({}).limit(CANDIDATES).lean<ItemDocument[]>();
      // Workers running side by side read the same head. In a queue that does not keep order,
      // each starts at a random place in it, so they rarely race for the same item (a lost
      // race costs three round trips).
      const start = options.keepsOrder ? 0 : Math.floor(Math.random() * head.length);
      for (const candidate of [...head.slice(start), ...head.slice(0, start)]) {
        const item = toItem<Payload>(candidate);
        if (item.dueAt > now || (accepts && !accepts(item))) continue;
        const claim = await claimItem({
          scope: name,
          itemId: item.id,
          after: item.slot,
          owner,
          now,
          leaseMs,
        });
        if (!claim) continue;
        // The head may be stale: another worker may have finished this item meanwhile.
        const current = await ready.findById(item.id).lean<ItemDocument>();
        if (current) return { ...toItem<Payload>(current), claim };
        await releaseClaim(claim, now);
      }
      return undefined;
    },

    settle(claimed, now, leaseMs) {
      return settleClaim(claimed.claim, now, leaseMs);
    },

    release(claimed, now) {
      return releaseClaim(claimed.claim, now);
    },

    async remove(id) {
      await ready.deleteOne({ _id: id });
    },

    async retryLater({ id, slot, payload, queuedAt, dueAt }) {
      // Written to the waiting collection before it leaves the due one, so a crash in
      // between keeps it (twice at worst: see promoteDue).
      await later.replaceOne({ _id: id }, { dueAt, slot, payload, queuedAt }, { upsert: true });
      await ready.deleteOne({ _id: id });
    },

    promoteDue,

    async list() {
      const [due, waiting] = await Promise.all([
        ready.find({}).lean<ItemDocument[]>(),
        later.find({}).lean<ItemDocument[]>(),
      ]);
      return {
        due: due.map((doc) => toItem<Payload>(doc)),
        waiting: waiting.map((doc) => toItem<Payload>(doc)),
      };
    },

    countRunning(now) {
      return countRunningClaims(name, now);
    },
  };
}
