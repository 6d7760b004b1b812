// What a check before storing a comment sees, what it may say, and the runner that takes a
// path's checks in order. Adding a rule means adding one check file and listing it in
// ./index.ts for the paths it applies to.
import type { CommenterLists } from '../../commenters/matcher';
import type { Page } from '../../pages/page.model';
import type { Site } from '../../sites/site.model';
import type { Comment, Reason } from '../store/comment.types';

/**
 * The comment about to be stored. Whatever costs a database read is read when a check first
 * asks for it and then kept, so a refused comment costs only the reads of the checks before
 * the one that refused it. Each check names the parts it reads, and each path gives only
 * what its checks need.
 */
export interface CheckContext {
  site(): Promise<Site>;
  now: Date;
  /** The comment's id, chosen before it is stored so that its guards can name it. */
  commentId: string;
  pageId: string;
  /** The page as stored; undefined before its first comment. */
  page(): Promise<Page | undefined>;
  /** The id the reader replies to, as sent; undefined for a top-level comment. */
  parentId?: string;
  /** The comment replied to; undefined for a top-level comment or an id that names none. */
  parent(): Promise<Comment | undefined>;
  author: string;
  emailHash?: string;
  ip?: string;
  /** The content as it will be stored: sanitised. */
  content: string;
  /** What came in the form field hidden from people (HONEYPOT_FIELD). */
  honeypot?: unknown;
  /** The site's block and trust lists (src/commenters/), read by `_id`; none when not given. */
  commenterLists?: () => Promise<CommenterLists>;
}

/**
 * A check passes by returning, refuses by throwing the AppError the poster gets, or adds to
 * the outcome: `status: 'spam'` stores the comment as spam (with a reason a moderator can
 * read) instead of refusing it, so a bot learns nothing.
 */
export interface CheckVerdict {
  status?: 'spam';
  reason?: Reason;
  /** The duplicate guard taken for the comment, which it keeps: trashing it frees the guard. */
  duplicateGuard?: string;
  /** Gives back what the check took (a guard) when a later check refuses or the store fails. */
  undo?: () => Promise<void>;
}

export interface Check<C> {
  /** The error code the check refuses with, or the reason code it records. */
  readonly code: string;
  readonly run: (context: C) => CheckVerdict | Promise<CheckVerdict>;
}

export interface ChecksPassed {
  status?: 'spam';
  reasons: Reason[];
  duplicateGuard?: string;
  /** Gives back everything the checks took, for a comment that is not stored after all. */
  undo(): Promise<void>;
}

/**
 * Runs `checks` in order. When one throws, what the earlier ones took is given back before
 * the error goes on, so a refused post does not block the next one.
 */
export async function runChecks<C>(checks: readonly Check<C>[], context: C): Promise<ChecksPassed> {
  const undos: Array<() => Promise<void>> = [];
  const passed: ChecksPassed = {
    reasons: [],
    // All at once, as each gives back something of its own.
    undo: async () => {
      await Promise.all(undos.splice(0).map((undo) => undo()));
    },
  };
  for (const check of checks) {
    let verdict: CheckVerdict;
    try {
      verdict = await check.run(context);
    } catch (error) {
      await passed.undo();
      throw error;
    }
    if (verdict.undo) undos.push(verdict.undo);
    if (verdict.reason) passed.reasons.push(verdict.reason);
    if (verdict.status) passed.status = verdict.status;
    if (verdict.duplicateGuard) passed.duplicateGuard = verdict.duplicateGuard;
  }
  return passed;
}

/** Reads once, when first asked, and answers the same from then on. */
export function remember<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= read();
    return result;
  };
}
