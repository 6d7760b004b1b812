// What the moderation API shows of a comment, in the shapes of src/shared/moderationCard.ts
// (the dashboard reads the same types). Moderators see private data (email, IP, request
// details), so these shapes are only ever answered behind requireUser.
import type { AuditEntry } from '../audit/audit.model';
import { visibleText } from '../comments/sanitize';
import type { Comment, CommentVersion, SpamCheck } from '../comments/store/comment.types';
import type {
  AuditLine,
  BulkResult,
  Card,
  CommentDetail,
  SpamCheckHistory,
  StatusCounts,
} from '../shared/moderationCard';
import type { ModerationView } from './views';

const EXCERPT_LENGTH = 140;

function excerpt(html: string): string {
  const text = visibleText(html).replace(/\s+/g, ' ');
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

function presentParent(parent: Comment): Card['parent'] {
  return {
    id: parent.id,
    author: parent.author,
    excerpt: excerpt(parent.content),
    status: parent.status,
    byModerator: parent.byModerator === true,
  };
}

export function presentCard(view: ModerationView): Card {
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

function presentSpamCheck(check: SpamCheck): SpamCheckHistory {
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

export function presentAuditEntry(entry: AuditEntry): AuditLine {
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

export function presentDetail(detail: {
  view: ModerationView;
  spamCheck?: SpamCheck;
  audit: AuditEntry[];
  replyCount: number;
  history: CommentVersion[];
}): CommentDetail {
  const { view } = detail;
  return {
    comment: {
      ...presentCard(view),
      userAgent: view.request.userAgent ?? null,
      referrer: view.request.referrer ?? null,
      rawContent: view.rawContent,
      notifyReplies: view.comment.notifyReplies,
      replyCount: detail.replyCount,
      editedAt: view.comment.editedAt?.toISOString() ?? null,
    },
    spamCheck: detail.spamCheck ? presentSpamCheck(detail.spamCheck) : null,
    audit: detail.audit.map(presentAuditEntry),
    history: detail.history.map((version) => ({
      content: version.content,
      writtenAt: version.writtenAt.toISOString(),
      replacedAt: version.replacedAt.toISOString(),
      by: version.by,
    })),
  };
}

export function presentList(list: { views: ModerationView[]; nextCursor: string | null }): {
  comments: Card[];
  nextCursor: string | null;
} {
  return { comments: list.views.map(presentCard), nextCursor: list.nextCursor };
}

export function presentCounts(counts: { counts: StatusCounts; sites: Record<string, StatusCounts> }): {
  counts: StatusCounts;
  sites: Record<string, StatusCounts>;
} {
  return { counts: counts.counts, sites: counts.sites };
}

export function presentBulk(results: BulkResult[]): { results: BulkResult[] } {
  return { results };
}
