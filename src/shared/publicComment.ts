// What readers get: a comment in its public shape and a page of a thread. The server
// presents them (src/comments/comment.presenter.ts, src/threads/thread.read.ts) and the
// embed draws them. No email, no private field: only what readers of the page may see.

export type Avatar = { kind: 'identicon'; seed: string } | { kind: 'gravatar'; url: string; seed: string };

export interface PublicComment {
  id: string;
  parentId: string | null;
  depth: number;
  author: { name: string; url: string | null; avatar: Avatar };
  content: string;
  status: 'approved' | 'pending';
  /** Present (true) only on a reply a site moderator wrote, for a badge. */
  byModerator?: true;
  createdAt: string;
  /** When its author last edited it; absent when never edited by its author. */
  editedAt?: string;
  replies?: ThreadNode[];
}

/**
 * A comment that is no longer shown but keeps its place because it has public replies:
 * deleted (by its author or a moderator) or marked spam, or held for moderation again after
 * an edit. Nothing of its author or its text.
 */
export interface CommentPlaceholder {
  id: string;
  parentId: string | null;
  depth: number;
  createdAt: string;
  /** Deleted by its author, trashed or marked spam. */
  deleted?: true;
  /** Edited (or unapproved) and waiting for moderation again. */
  held?: true;
  replies?: ThreadNode[];
}

/** What a thread holds at each place: a comment, or the placeholder of one. */
export type ThreadNode = PublicComment | CommentPlaceholder;

export function isPlaceholder(node: ThreadNode): node is CommentPlaceholder {
  return !('author' in node);
}

/** One page of a page's thread: top-level comments with their replies. */
export interface PublicThread {
  site: string;
  pageId: string;
  sort: 'oldest' | 'newest';
  page: number;
  perPage: number;
  totalPages: number;
  /** Approved comments on the page, replies included. */
  total: number;
  topLevelTotal: number;
  maxDepth: number;
  requireNameEmail: boolean;
  /** Minutes after posting during which a commenter may edit or delete their comment; 0: never. */
  editWindowMinutes: number;
  comments: ThreadNode[];
}
