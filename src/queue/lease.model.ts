// Who may act on a queued item, decided by unique inserts. FerretDB 1.x applies an update
// as a separate read and write, so two workers can both "win" a findOneAndUpdate claim;
// an insert into a unique index is the one step it (and MongoDB) does atomically.
//
// Every step on an item takes the next numbered slot (_id `scope:item:n`): a claim of the
// item, or the settling of a claim. Only one worker can insert slot n, so one claim holds
// an item at a time, and a worker whose claim was taken over cannot settle it any more.
// A slot holds for its lease; a crashed worker's slot is stepped over once the lease ends.
import mongoose, { Schema } from 'mongoose';
import { sweepExpired } from './sweep';

export interface Claim {
  scope: string;
  itemId: string;
  /** The claim's slot number; settling takes slot + 1. */
  slot: number;
  owner: string;
  leaseUntil: Date;
  /**
   * Claims this one stepped over whose holders never settled them (a worker killed, or whose
   * lease ran out, mid-task): whatever they did outside, such as calling Akismet, is not on record.
   */
  interrupted: number;
}

interface SlotDocument {
  _id: string;
  scope: string;
  itemId: string;
  slot: number;
  kind: 'claim' | 'settle';
  owner: string;
  leaseUntil: Date;
  createdAt: Date;
}

const slotSchema = new Schema<SlotDocument>(
  {
    _id: { type: String, required: true },
    scope: { type: String, required: true },
    itemId: { type: String, required: true },
    slot: { type: Number, required: true },
    kind: { type: String, enum: ['claim', 'settle'], required: true },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// Claims running now, for the queue-depth metrics.
slotSchema.index({ scope: 1, kind: 1, leaseUntil: 1 });
// The last slot of an item whose own record of it was lost (see lastSlotOf).
slotSchema.index({ scope: 1, itemId: 1, slot: -1 });

export const LeaseSlotModel = mongoose.model<SlotDocument>('LeaseSlot', slotSchema, 'leases');

/** Crashed claims stepped over in a row before an item counts as busy. */
const MAX_STEPS = 20;

function slotId(scope: string, itemId: string, slot: number): string {
  return `${scope}:${itemId}:${slot}`;
}

async function insertSlot(slot: Omit<SlotDocument, '_id'>): Promise<boolean> {
  try {
    await LeaseSlotModel.create({ _id: slotId(slot.scope, slot.itemId, slot.slot), ...slot });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

/**
 * Claims an item whose last written slot is `after`, for `owner` until now + leaseMs.
 * Undefined when another worker holds it.
 */
export async function claimItem(options: {
  scope: string;
  itemId: string;
  after: number;
  owner: string;
  now: Date;
  leaseMs: number;
}): Promise<Claim | undefined> {
  const { scope, itemId, owner, now } = options;
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  let interrupted = 0;
  // A stepped-over claim was settled only if the slot after it is its holder's settling.
  let stepped: SlotDocument | undefined;
  const isUnsettled = (next?: SlotDocument) =>
    stepped?.kind === 'claim' && !(next?.kind === 'settle' && next.owner === stepped.owner);
  for (let slot = options.after + 1; slot <= options.after + MAX_STEPS; slot += 1) {
    if (await insertSlot({ scope, itemId, slot, kind: 'claim', owner, leaseUntil, createdAt: now })) {
      if (isUnsettled()) interrupted += 1;
      return { scope, itemId, slot, owner, leaseUntil, interrupted };
    }
    const taken = await LeaseSlotModel.findById(slotId(scope, itemId, slot)).lean<SlotDocument>();
    if (!taken) return undefined;
    if (isUnsettled(taken)) interrupted += 1;
    stepped = taken;
    // Step over a slot whose holder died (lease over), or one that a later slot superseded:
    // a claim that was settled, or a settling whose holder has released the item since.
    const isOver = taken.leaseUntil <= now;
    const isSuperseded = !isOver && (await LeaseSlotModel.exists({ _id: slotId(scope, itemId, slot + 1) }));
    if (!isOver && !isSuperseded) return undefined;
  }
  return undefined;
}

/**
 * Takes the slot after `claim` to write the claim's result, for `leaseMs` more. False when
 * another worker took the item over after the claim's lease ran out: the result must be
 * dropped. The returned slot number is what the item records as its last written slot.
 */
export async function settleClaim(claim: Claim, now: Date, leaseMs: number): Promise<number | undefined> {
  const slot = claim.slot + 1;
  const isTaken = await insertSlot({
    scope: claim.scope,
    itemId: claim.itemId,
    slot,
    kind: 'settle',
    owner: claim.owner,
    leaseUntil: new Date(now.getTime() + leaseMs),
    createdAt: now,
  });
  return isTaken ? slot : undefined;
}

/** Gives a claim up without a result, so the next worker need not wait for its lease. */
export async function releaseClaim(claim: Claim, now: Date): Promise<void> {
  await settleClaim(claim, now, 0);
}

/**
 * The highest slot taken for an item, 0 for none: where to start claiming when the item's
 * own record of its last slot is gone. Queries by item, so not for public paths.
 */
export async function lastSlotOf(scope: string, itemId: string): Promise<number> {
  const last = await LeaseSlotModel.findOne({ scope, itemId }).sort({ slot: -1 }).lean<SlotDocument>();
  return last?.slot ?? 0;
}

/** Items of `scope` claimed right now: claims within their lease and not settled yet. */
export async function countRunningClaims(scope: string, now: Date): Promise<number> {
  const claims = await LeaseSlotModel.find({ scope, kind: 'claim', leaseUntil: { $gt: now } }).lean<
    SlotDocument[]
  >();
  if (claims.length === 0) return 0;
  const settled = await LeaseSlotModel.countDocuments({
    _id: { $in: claims.map((claim) => slotId(scope, claim.itemId, claim.slot + 1)) },
  });
  return claims.length - settled;
}

/** Deletes slots whose lease ended before `before`; items only look at slots after their last write. */
export function pruneLeaseSlots(before: Date): Promise<number> {
  return sweepExpired(LeaseSlotModel, (slot) => slot.leaseUntil < before);
}
