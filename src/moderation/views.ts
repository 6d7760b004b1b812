// Gathers what a moderator's card of a comment shows: the comment with its private data,
// the commenter's email (decrypted), its page and, for a reply, the comment it answers.
import type { Comment } from '../comments/store/comment.types';
import { findCommentsByIds, findModeratedComment, type ModeratedComment } from '../comments/store/moderation';
import type { Logger } from '../logger';
import { findPages, type Page } from '../pages/page.model';
import type { EmailVault } from '../privacy/emailVault';

export interface ModerationView extends ModeratedComment {
  email: string | null;
  page?: Page;
  parent?: Comment;
}

export function createViewBuilder(deps: { vault: EmailVault; log: Logger }) {
  function revealEmail(moderated: ModeratedComment): string | null {
    if (!moderated.emailSealed) return null;
    try {
      return deps.vault.decrypt(moderated.emailSealed);
    } catch {
      // A changed EMAIL_KEY: the card shows everything else.
      deps.log.warn({ commentId: moderated.comment.id }, 'could not decrypt a commenter email');
      return null;
    }
  }

  async function pagesOf(comments: Comment[]): Promise<Map<string, Page>> {
    const bySite = new Map<string, Set<string>>();
    for (const { site, pageId } of comments) bySite.set(site, (bySite.get(site) ?? new Set()).add(pageId));
    const pages = new Map<string, Page>();
    for (const [site, pageIds] of bySite) {
      for (const page of await findPages(site, [...pageIds])) pages.set(`${site}\n${page.pageId}`, page);
    }
    return pages;
  }

  /** Views of these comments, in the same order, with two or three queries in all. */
  async function buildViews(list: ModeratedComment[]): Promise<ModerationView[]> {
    const comments = list.map((item) => item.comment);
    const parentIds = [
      ...new Set(comments.flatMap((comment) => (comment.parentId ? [comment.parentId] : []))),
    ];
    const [pages, parents] = await Promise.all([pagesOf(comments), findCommentsByIds(parentIds)]);
    const parentById = new Map(parents.map((parent) => [parent.id, parent]));
    return list.map((item) => {
      const page = pages.get(`${item.comment.site}\n${item.comment.pageId}`);
      const parent = item.comment.parentId ? parentById.get(item.comment.parentId) : undefined;
      return { ...item, email: revealEmail(item), ...(page && { page }), ...(parent && { parent }) };
    });
  }

  async function loadView(id: string): Promise<ModerationView | undefined> {
    const moderated = await findModeratedComment(id);
    return moderated && (await buildViews([moderated]))[0];
  }

  return { buildViews, loadView };
}

export type ViewBuilder = ReturnType<typeof createViewBuilder>;
