// Change tickets: the one atomic step a change to a stored comment begins with.
import mongoose, { Schema, Types } from 'mongoose';
import { sweepExpired } from '../../queue/sweep';

// FerretDB 1.x applies an update as a read and a separate write, so two conditional updates
// of one comment can both "succeed" (and concurrent updates can overwrite each other). A
// change that must happen once (a status change, an edit, a delete) first takes a ticket for
// the comment's next change: an insert into a unique index, atomic on FerretDB and MongoDB
// alike. Only the ticket's holder writes, and it writes only over the change number it read.
interface ChangeTicketDocument {
  _id: string;
  commentId: Types.ObjectId;
  seq: number;
  change: string;
  at: Date;
}

const changeTicketSchema = new Schema<ChangeTicketDocument>(
  {
    _id: { type: String, required: true },
    commentId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    change: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const CommentChangeTicketModel = mongoose.model<ChangeTicketDocument>(
  'CommentChangeTicket',
  changeTicketSchema,
  'comment_change_tickets',
);

/**
 * Deletes tickets taken before `before`. A ticket only matters while its change is under
 * way (a minute at most); an old one is either spent or its holder long gone, and a comment
 * whose ticket was deleted simply takes that number again.
 */
export function pruneChangeTickets(before: Date): Promise<number> {
  return sweepExpired(CommentChangeTicketModel, (ticket) => ticket.at < before);
}

/** A holder that has not written for this long has stopped: its ticket may be stepped over. */
const TICKET_STALE_MS = 60_000;
const MAX_TICKET_TAKEOVERS = 5;

/** True when this caller may make the change after change number `seq` of the comment. */
export async function takeChangeTicket(id: string, seq: number, change: string, now: Date): Promise<boolean> {
  for (let takeover = 0; takeover < MAX_TICKET_TAKEOVERS; takeover += 1) {
    const _id = `${id}:${seq}:${takeover}`;
    try {
      await CommentChangeTicketModel.create({ _id, commentId: new Types.ObjectId(id), seq, change, at: now });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const held = await CommentChangeTicketModel.findById(_id).lean<ChangeTicketDocument>();
      if (!held || held.at.getTime() > now.getTime() - TICKET_STALE_MS) return false;
    }
  }
  return false;
}
