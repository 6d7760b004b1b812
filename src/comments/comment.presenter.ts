// The single place where a comment becomes public JSON. It has no email field to leak:
// only what readers of the page may see.
import type { Avatar, PublicComment } from '../shared/publicComment';
import type { Site } from '../sites/site.model';
import type { Comment } from './store/comment.types';

export type { Avatar, PublicComment };

/** What presenting a comment needs of its site. */
export type Presenting = { settings: Pick<Site['settings'], 'gravatar'> };

function presentAvatar(comment: Comment, site: Presenting): Avatar {
  if (site.settings.gravatar && comment.gravatarHash) {
    return {
      kind: 'gravatar',
      url: `https://www.gravatar.com/avatar/${comment.gravatarHash}?d=identicon&s=80`,
      seed: comment.avatarSeed,
    };
  }
  return { kind: 'identicon', seed: comment.avatarSeed };
}

export function presentComment(comment: Comment, site: Presenting): PublicComment {
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
    ...(comment.editedAt && { editedAt: comment.editedAt.toISOString() }),
  };
}
