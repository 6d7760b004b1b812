// What a webhook delivery carries: the event and the comment as readers could see it, with
// nothing private (no email, IP, user agent or reasons).
import type { Comment } from '../comments/store/comment.types';
import type { WebhookEvent } from '../sites/site.schema';

export interface WebhookBody {
  event: WebhookEvent;
  site: string;
  occurredAt: string;
  comment: {
    id: string;
    pageId: string;
    pageUrl: string | null;
    parentId: string | null;
    author: { name: string; url: string | null };
    content: string;
    /** The comment's status when the delivery was made (it may have moved on since the event). */
    status: Comment['status'];
    createdAt: string;
  };
}

export function presentWebhookBody(input: {
  event: WebhookEvent;
  comment: Comment;
  pageUrl?: string;
  occurredAt: string;
}): WebhookBody {
  const { event, comment, pageUrl, occurredAt } = input;
  return {
    event,
    site: comment.site,
    occurredAt,
    comment: {
      id: comment.id,
      pageId: comment.pageId,
      pageUrl: pageUrl ?? null,
      parentId: comment.parentId,
      author: { name: comment.author, url: comment.authorUrl ?? null },
      content: comment.content,
      status: comment.status,
      createdAt: comment.createdAt.toISOString(),
    },
  };
}
