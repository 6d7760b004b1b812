// The single place where a comment becomes public JSON. It has no email field to leak:
// only what readers of the page may see.
import type { Site } from '../sites/site.model';
import type { Comment } from './comment.model';
import type { Thread, ThreadNode } from './thread.service';

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

function presentAvatar(comment: Comment, site: Site): Avatar {
  if (site.settings.gravatar && comment.gravatarHash) {
    return {
      kind: 'gravatar',
      url: `https://www.gravatar.com/avatar/${comment.gravatarHash}?d=identicon&s=80`,
      seed: comment.avatarSeed,
    };
  }
  return { kind: 'identicon', seed: comment.avatarSeed };
}

export function presentComment(comment: Comment, site: Site): PublicComment {
  return {
    id: comment.id,
    parentId: comment.parentId,
    depth: comment.depth,
    author: { name: comment.author, url: comment.authorUrl ?? null, avatar: presentAvatar(comment, site) },
    content: comment.content,
    // Only the author ever sees a comment that is not approved, and only as "pending".
    status: comment.status === 'approved' ? 'approved' : 'pending',
    ...(comment.byModerator && { byModerator: true as const }),
    createdAt: comment.createdAt.toISOString(),
  };
}

function presentNode(node: ThreadNode, site: Site): PublicComment {
  return { ...presentComment(node, site), replies: node.replies.map((reply) => presentNode(reply, site)) };
}

export function presentThread(thread: Thread, site: Site) {
  return {
    site: site.id,
    pageId: thread.pageId,
    sort: thread.sort,
    page: thread.page,
    perPage: thread.perPage,
    totalPages: thread.totalPages,
    total: thread.total,
    topLevelTotal: thread.topLevelTotal,
    maxDepth: site.settings.maxDepth,
    requireNameEmail: site.settings.requireNameEmail,
    comments: thread.comments.map((node) => presentNode(node, site)),
  };
}
