// What the moderation API shows of a comment. Moderators see private data (email, IP,
// request details), so these shapes are only ever answered behind requireUser.
import type { AuditEntry } from '../audit/audit.model';
import { visibleText } from '../comments/sanitize';
import type { Comment, SpamCheck } from '../comments/store/comment.types';
import type { BulkResult } from './actions.service';
import type { StatusCounts } from './queue.service';
import type { ModerationView } from './views';

const EXCERPT_LENGTH = 140;

function excerpt(html: string): string {
  const text = visibleText(html).replace(/\s+/g, ' ');
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

function presentParent(parent: Comment) {
  return {
    id: parent.id,
    author: parent.author,
    excerpt: excerpt(parent.content),
    status: parent.status,
    byModerator: parent.byModerator === true,
  };
}

/** A card in the moderation queue: enough to decide on the comment. */
export function presentCard(view: ModerationView) {
  const { comment, spamCheck } = view;
  return {
    id: comment.id,
    site: comment.site,
    pageId: comment.pageId,
    page: { url: view.page?.url ?? null, title: view.page?.title ?? null },
    parentId: comment.parentId,
    parent: view.parent ? presentParent(view.parent) : null,
    depth: comment.depth,
    author: { name: comment.author, email: view.email, url: comment.authorUrl ?? null },
    ip: view.request.ip ?? null,
    content: comment.content,
    status: comment.status,
    reasons: comment.reasons.map(({ code, message }) => ({ code, message })),
    byModerator: comment.byModerator === true,
    spamCheck: spamCheck
      ? {
          state: spamCheck.state,
          dueAt: spamCheck.dueAt?.toISOString() ?? null,
          attemptCount: spamCheck.attemptCount,
          lastAttempt: spamCheck.lastAttempt
            ? {
                at: spamCheck.lastAttempt.at.toISOString(),
                outcome: spamCheck.lastAttempt.outcome,
                detail: spamCheck.lastAttempt.detail ?? null,
              }
            : null,
        }
      : null,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
  };
}

export type ModerationCard = ReturnType<typeof presentCard>;

function presentSpamCheck(check: SpamCheck) {
  return {
    state: check.state,
    dueAt: check.dueAt?.toISOString() ?? null,
    firstQueuedAt: check.firstQueuedAt?.toISOString() ?? null,
    finishedAt: check.finishedAt?.toISOString() ?? null,
    attemptCount: check.attemptCount,
    attempts: check.attempts.map((attempt) => ({
      at: attempt.at.toISOString(),
      outcome: attempt.outcome,
      durationMs: attempt.durationMs,
      detail: attempt.detail ?? null,
      verdict: attempt.verdict ?? null,
    })),
  };
}

export function presentAuditEntry(entry: AuditEntry) {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    userId: entry.userId,
    action: entry.action,
    from: entry.from,
    to: entry.to,
    detail: entry.detail ?? null,
  };
}

/** One comment with everything known about it. */
export function presentDetail(detail: {
  view: ModerationView;
  spamCheck?: SpamCheck;
  audit: AuditEntry[];
  replyCount: number;
}) {
  const { view } = detail;
  return {
    comment: {
      ...presentCard(view),
      userAgent: view.request.userAgent ?? null,
      referrer: view.request.referrer ?? null,
      rawContent: view.rawContent,
      notifyReplies: view.comment.notifyReplies,
      replyCount: detail.replyCount,
    },
    spamCheck: detail.spamCheck ? presentSpamCheck(detail.spamCheck) : null,
    audit: detail.audit.map(presentAuditEntry),
  };
}

export function presentList(list: { views: ModerationView[]; nextCursor: string | null }) {
  return { comments: list.views.map(presentCard), nextCursor: list.nextCursor };
}

export function presentCounts(counts: { counts: StatusCounts; sites: Record<string, StatusCounts> }) {
  return { counts: counts.counts, sites: counts.sites };
}

export function presentBulk(results: BulkResult[]) {
  return { results };
}
