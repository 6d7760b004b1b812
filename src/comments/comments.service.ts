// Posting a comment: a reader's comment passes the checks in ./checks (NEW_COMMENT_CHECKS) and
// is stored as pending (or, for a bot caught by the honeypot or a blocked commenter, as spam).
// HTTP stops at the route: this module takes plain values and the time.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Clock } from '../clock';
import { type CommenterListReader, createCommenterListReader } from '../commenters/matcher';
import { isDatabaseUnreachable } from '../db/connection';
import { errors } from '../errors';
import { findPage, type Page, savePage } from '../pages/page.model';
import { findPageAlias } from '../pages/pageAlias.model';
import type { EmailVault } from '../privacy/emailVault';
import { gravatarHash } from '../privacy/emailVault';
import type { HeldComment } from '../shared/heldComment';
import type { Site } from '../sites/site.model';
import { createAuthorToken, hashAuthorToken, isAuthorToken } from './authorToken';
import { type CheckContext, NEW_COMMENT_CHECKS, remember, runChecks } from './checks';
import { type CommentFields, HONEYPOT_FIELD } from './comment.schema';
import { FLOOD_INTERVAL_MS } from './guards.model';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from './idempotency.model';
import { isModerationHash, moderationHash } from './moderationHash';
import { rememberReaderComment } from './readerPending.model';
import { sanitizeContent } from './sanitize';
import { newCommentDocument, storeNewComment } from './store/changes';
import { type Comment, queuedSpamCheck } from './store/comment.types';
import { removePending } from './store/pendingQueue.model';
import { findComment } from './store/reads';
import { dropSpamCheck, queueSpamCheck } from './store/spamChecks';

export { FLOOD_INTERVAL_MS };

export interface PostContext {
  ip?: string;
  userAgent?: string;
  referrer?: string;
  /** A token the reader already holds from an earlier comment, to keep one identity. */
  authorToken?: string;
  idempotencyKey?: string;
}

export interface PostedComment {
  comment: Comment;
  authorToken: string;
  page: Page;
}

/**
 * The page a post names. A WordPress form posts `comment_post_ID=<number>`: when no page has
 * that id, a post id kept by the WordPress import names the page instead. Lookups by _id only.
 */
async function resolvePageId(site: string, pageId: string): Promise<string> {
  if (!/^\d+$/.test(pageId) || (await findPage(site, pageId))) return pageId;
  return (await findPageAlias(site, pageId)) ?? pageId;
}

/** How long a post that lost its connection mid-insert waits to learn whether it was stored. */
const OUTCOME_LOOKUP_MS = 2000;

/**
 * What became of a comment whose insert failed.
 * - 'refused': the database answered with an error, so it surely stored nothing;
 * - the comment: a lost connection took the answer of an insert the database made;
 * - 'not_found': the connection was lost and a lookup found nothing, but the insert may still
 *   land after it (a server that had read it when the connection went);
 * - 'unknown': the connection was lost and the database cannot say yet.
 */
async function insertOutcome(
  id: string,
  error: unknown,
): Promise<Comment | 'refused' | 'not_found' | 'unknown'> {
  if (!isDatabaseUnreachable(error)) return 'refused';
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'unknown'>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), OUTCOME_LOOKUP_MS);
  });
  const lookup = findComment(id).then(
    (comment) => comment ?? ('not_found' as const),
    () => 'unknown' as const,
  );
  try {
    return await Promise.race([lookup, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function fingerprint(site: Site, fields: CommentFields): string {
  return createHash('sha256')
    .update(JSON.stringify([site.id, fields]))
    .digest('hex');
}

/** What the checks see of a reader's post; the page and the parent are read when first asked for. */
function draftOf(
  site: Site,
  fields: CommentFields,
  post: { id: string; emailHash?: string; ip?: string; now: Date; lists: CommenterListReader },
): CheckContext {
  const { parentId } = fields;
  return {
    site: async () => site,
    now: post.now,
    commentId: post.id,
    pageId: fields.pageId,
    page: remember(() => findPage(site.id, fields.pageId)),
    parentId,
    parent: remember(async () => (parentId ? findComment(parentId) : undefined)),
    author: fields.author ?? '',
    emailHash: post.emailHash,
    ip: post.ip,
    content: sanitizeContent(fields.content),
    honeypot: fields[HONEYPOT_FIELD],
    commenterLists: () => post.lists.read(site.id),
  };
}

export function createCommentService(deps: {
  vault: EmailVault;
  clock: Clock;
  /** The sites' block lists (src/commenters/); read from the database every time by default. */
  commenterLists?: CommenterListReader;
}) {
  const { vault, clock } = deps;
  const lists = deps.commenterLists ?? createCommenterListReader({ revalidateMs: 0 });

  // Every read here is by _id and every write an insert (or an update by _id): a post costs
  // the same whatever the database holds.
  async function storeComment(
    site: Site,
    posted: CommentFields,
    context: PostContext,
    now: Date,
  ): Promise<PostedComment> {
    const pageId = await resolvePageId(site.id, posted.pageId);
    const fields = pageId === posted.pageId ? posted : { ...posted, pageId };
    const id = new Types.ObjectId().toHexString();
    const emailHash = fields.email ? vault.hash(fields.email) : undefined;
    const draft = draftOf(site, fields, { id, emailHash, ip: context.ip, now, lists });
    const checked = await runChecks(NEW_COMMENT_CHECKS, draft);
    // Both were read by the checks; a top-level comment has no parent, a new page no record.
    const parent = await draft.parent();
    const existingPage = await draft.page();
    const isSpam = checked.status === 'spam';
    const authorToken = isAuthorToken(context.authorToken) ? context.authorToken : createAuthorToken();
    const authorTokenHash = hashAuthorToken(authorToken);
    const doc = newCommentDocument({
      id,
      site: site.id,
      pageId: fields.pageId,
      parent,
      author: draft.author,
      authorUrl: fields.url,
      avatarSeed: vault.avatarSeed(emailHash ?? `${site.id}:${draft.author}`),
      content: draft.content,
      rawContent: fields.content,
      status: isSpam ? 'spam' : 'pending',
      reasons: checked.reasons,
      notifyReplies: fields.notifyReplies,
      emailSealed: fields.email ? vault.encrypt(fields.email) : undefined,
      emailHash,
      gravatarHash: fields.email ? gravatarHash(fields.email) : undefined,
      request: { ip: context.ip, userAgent: context.userAgent, referrer: context.referrer },
      authorTokenHash,
      duplicateGuard: checked.duplicateGuard,
      spamCheck: isSpam ? undefined : queuedSpamCheck(now),
      createdAt: now,
    });
    let comment: Comment;
    let page: Page | undefined;
    try {
      page = await savePage(
        site.id,
        fields.pageId,
        { url: fields.pageUrl, title: fields.pageTitle },
        now,
        existingPage,
      );
      // The check is queued before the comment is stored, so no stored comment lacks one.
      if (!isSpam) await queueSpamCheck(id, now);
      comment = await storeNewComment(doc);
    } catch (error) {
      // Not stored: free what was taken for it, so a retry is not refused. After a lost
      // connection only the guards are given back: the queued check and the moderation record
      // stay, since the comment may yet appear, and each is dropped once found without it (the
      // queue item after ORPHAN_AFTER_MS, the record at the next listing).
      const outcome = await insertOutcome(id, error);
      if (outcome === 'refused') {
        await Promise.all([checked.undo(), dropSpamCheck(id), removePending(id)]).catch(() => undefined);
      }
      if (outcome === 'not_found') await checked.undo().catch(() => undefined);
      // The page is saved before the insert, so a comment found stored has it.
      if (typeof outcome === 'string' || !page) throw error;
      // The database stored it; only its answer was lost with the connection.
      comment = outcome;
    }
    await rememberReaderComment(site.id, fields.pageId, authorTokenHash, comment.id);
    return { comment, authorToken, page };
  }

  /** Stores a reader's comment, or throws the AppError that says why not. */
  async function postComment(
    site: Site,
    fields: CommentFields,
    context: PostContext,
  ): Promise<PostedComment> {
    const now = clock.now();
    const key = context.idempotencyKey;
    if (!key) return storeComment(site, fields, context, now);

    const claim = await claimIdempotencyKey(site.id, key, fingerprint(site, fields), now);
    if (claim.state === 'completed') {
      const comment = await findComment(claim.commentId);
      const page = comment && (await findPage(site.id, comment.pageId));
      if (comment && page) return { comment, authorToken: claim.authorToken, page };
      throw errors.conflict(
        'idempotency_key_used',
        'This Idempotency-Key belongs to a comment that no longer exists.',
      );
    }
    if (claim.state === 'in_progress') {
      throw errors.conflict(
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still being handled.',
      );
    }
    if (claim.state === 'reused_with_other_body') {
      throw errors.unprocessable(
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different comment.',
      );
    }
    try {
      const posted = await storeComment(site, fields, context, now);
      await completeIdempotencyKey(site.id, key, posted.comment.id, posted.authorToken);
      return posted;
    } catch (error) {
      await releaseIdempotencyKey(site.id, key);
      throw error;
    }
  }

  /** The moderation-hash for the address a plain form post returns the reader to. */
  function moderationHashOf(commentId: string): string {
    return moderationHash(vault, commentId);
  }

  /**
   * The comment a plain form post's return address names, when its moderation-hash is right:
   * one lookup by _id, and none for a wrong hash. Its status, site and page are the caller's
   * to check.
   */
  async function findHeldComment(held: HeldComment): Promise<Comment | undefined> {
    return isModerationHash(vault, held.id, held.hash) ? findComment(held.id) : undefined;
  }

  return { postComment, moderationHashOf, findHeldComment };
}

export type CommentService = ReturnType<typeof createCommentService>;
