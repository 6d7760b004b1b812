// Posting a comment: every rule a reader's reply must pass before it is stored as pending
// (or, for a bot caught by the honeypot, as spam). HTTP stops at the route: this module
// takes plain values and the time.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Clock } from '../clock';
import { errors } from '../errors';
import { findPage, type Page, savePage } from '../pages/page.model';
import type { EmailVault } from '../privacy/emailVault';
import { gravatarHash } from '../privacy/emailVault';
import type { Site } from '../sites/site.model';
import { createAuthorToken, hashAuthorToken, isAuthorToken } from './authorToken';
import { type CommentFields, HONEYPOT_FIELD } from './comment.schema';
import {
  claimDuplicateGuard,
  claimFloodGuards,
  FLOOD_INTERVAL_MS,
  releaseDuplicateGuard,
  releaseFloodGuards,
} from './guards.model';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from './idempotency.model';
import { rememberReaderComment } from './readerPending.model';
import { sanitizeContent, visibleText } from './sanitize';
import { newCommentDocument, storeNewComment } from './store/changes';
import { type Comment, queuedSpamCheck, type Reason } from './store/comment.types';
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

const HONEYPOT_REASON: Reason = {
  code: 'honeypot',
  message: 'A form field hidden from people was filled in, as bots do.',
};

function isClosed(site: Site, page: Page | undefined, now: Date): boolean {
  if (!page) return false;
  if (page.isClosed) return true;
  const days = site.settings.closeAfterDays;
  return days > 0 && now.getTime() - page.createdAt.getTime() > days * 86_400_000;
}

function fingerprint(site: Site, fields: CommentFields): string {
  return createHash('sha256')
    .update(JSON.stringify([site.id, fields]))
    .digest('hex');
}

export function createCommentService(deps: { vault: EmailVault; clock: Clock }) {
  const { vault, clock } = deps;

  async function findReplyTarget(site: Site, pageId: string, parentId: string | undefined) {
    if (!parentId) return undefined;
    const parent = await findComment(parentId);
    if (!parent || parent.site !== site.id) {
      throw errors.notFound('parent_not_found', 'The comment you are replying to does not exist.');
    }
    if (parent.status !== 'approved' || parent.pageId !== pageId) {
      throw errors.forbidden('parent_not_approved', 'You can only reply to published comments on this page.');
    }
    if (parent.depth + 1 >= site.settings.maxDepth) {
      throw errors.unprocessable('too_deep', 'This conversation is nested as deeply as this site allows.');
    }
    return parent;
  }

  /**
   * Records the post's guards, or refuses it as a duplicate or as too fast. Returns the
   * guards to free if the post is not stored after all.
   */
  async function claimGuards(
    site: Site,
    fields: CommentFields,
    content: string,
    emailHash: string | undefined,
    ip: string | undefined,
    commentId: string,
    now: Date,
  ) {
    const duplicateGuard = await claimDuplicateGuard(
      {
        site: site.id,
        pageId: fields.pageId,
        parentId: fields.parentId ?? null,
        author: fields.author ?? '',
        emailHash,
        content,
      },
      commentId,
      now,
      async (id) => (await findComment(id)) !== undefined,
    );
    if (!duplicateGuard) {
      throw errors.conflict(
        'duplicate_comment',
        'Duplicate comment detected; it looks as though you’ve already said that!',
      );
    }
    const senders = [
      ...(ip ? [`ip:${site.id}:${ip}`] : []),
      ...(emailHash ? [`email:${site.id}:${emailHash}`] : []),
    ];
    const flood = await claimFloodGuards(senders, now);
    if (!flood.isAllowed) {
      await releaseDuplicateGuard(duplicateGuard);
      throw errors.tooManyRequests(
        'too_fast',
        'You are posting comments too quickly. Slow down.',
        Math.ceil(flood.retryAfterMs / 1000),
      );
    }
    return { duplicateGuard, floodGuards: flood.guardIds };
  }

  // Every read here is by _id and every write an insert (or an update by _id): a post costs
  // the same whatever the database holds.
  async function storeComment(
    site: Site,
    fields: CommentFields,
    context: PostContext,
    now: Date,
  ): Promise<PostedComment> {
    const existingPage = await findPage(site.id, fields.pageId);
    if (isClosed(site, existingPage, now)) {
      throw errors.forbidden('comments_closed', 'Comments are closed on this page.');
    }
    const parent = await findReplyTarget(site, fields.pageId, fields.parentId);
    const content = sanitizeContent(fields.content);
    if (visibleText(content) === '') {
      throw errors.validationFailed({
        content: 'Please type your comment: nothing readable is left once markup is removed.',
      });
    }
    const emailHash = fields.email ? vault.hash(fields.email) : undefined;
    const id = new Types.ObjectId().toHexString();
    const guards = await claimGuards(site, fields, content, emailHash, context.ip, id, now);
    const authorToken = isAuthorToken(context.authorToken) ? context.authorToken : createAuthorToken();
    const authorTokenHash = hashAuthorToken(authorToken);
    const isBot = fields[HONEYPOT_FIELD] !== undefined && fields[HONEYPOT_FIELD] !== '';
    const doc = newCommentDocument({
      id,
      site: site.id,
      pageId: fields.pageId,
      parent,
      author: fields.author ?? '',
      authorUrl: fields.url,
      avatarSeed: vault.avatarSeed(emailHash ?? `${site.id}:${fields.author ?? ''}`),
      content,
      rawContent: fields.content,
      status: isBot ? 'spam' : 'pending',
      reasons: isBot ? [HONEYPOT_REASON] : [],
      notifyReplies: fields.notifyReplies,
      emailSealed: fields.email ? vault.encrypt(fields.email) : undefined,
      emailHash,
      gravatarHash: fields.email ? gravatarHash(fields.email) : undefined,
      request: { ip: context.ip, userAgent: context.userAgent, referrer: context.referrer },
      authorTokenHash,
      duplicateGuard: guards.duplicateGuard,
      spamCheck: isBot ? undefined : queuedSpamCheck(now),
      createdAt: now,
    });
    let comment: Comment;
    let page: Page;
    try {
      page = await savePage(
        site.id,
        fields.pageId,
        { url: fields.pageUrl, title: fields.pageTitle },
        now,
        existingPage,
      );
      // The check is queued before the comment is stored, so no stored comment lacks one.
      if (!isBot) await queueSpamCheck(id, now);
      comment = await storeNewComment(doc);
    } catch (error) {
      // Not stored: free what was taken for it, so a retry is not refused.
      await Promise.all([
        releaseDuplicateGuard(guards.duplicateGuard),
        releaseFloodGuards(guards.floodGuards),
        dropSpamCheck(id),
        removePending(id),
      ]).catch(() => undefined);
      throw error;
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

  return { postComment };
}

export type CommentService = ReturnType<typeof createCommentService>;
