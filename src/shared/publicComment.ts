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
  replies?: PublicComment[];
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
  comments: PublicComment[];
}
