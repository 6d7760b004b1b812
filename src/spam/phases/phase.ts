// What a local moderation rule sees and what it may say. Adding a rule means adding one
// phase file and listing it in ../rules.ts.
import type { Reason, SpamCheckOutcome } from '../../comments/store/comment.types';
import type { Site } from '../../sites/site.model';

export interface PhaseInput {
  site: Site;
  /** What the commenter sent, as typed (content is the raw text, before sanitising). */
  comment: {
    content: string;
    author: string;
    authorUrl?: string;
    email?: string;
    ip?: string;
    userAgent?: string;
  };
  /** What Akismet said; 'spam' never reaches the local rules. */
  akismet: Exclude<SpamCheckOutcome, 'spam'>;
  /** Whether this commenter's email already has an approved comment on the site. */
  hasApprovedComment(): Promise<boolean>;
}

/**
 * A partial verdict: 'spam' ends the pipeline; 'pending' holds the comment for a moderator
 * whatever later phases say; 'approved' publishes it unless a phase held it. Every spam or
 * hold verdict carries a reason a moderator can read.
 */
export interface PhaseVerdict {
  status?: 'spam' | 'pending' | 'approved';
  reason?: Reason;
}

export type ModerationPhase = (input: PhaseInput) => PhaseVerdict | Promise<PhaseVerdict>;
