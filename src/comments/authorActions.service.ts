// A commenter's own edits and deletes, allowed with the author token their post answered with,
// for the site's editWindowMinutes after posting. An edit goes through the post's sanitiser,
// its checks (AUTHOR_EDIT_CHECKS) and a new spam check, and is moderated again; a delete
// moves the comment to the trash. A commenter blocked since posting (by the comment's email
// or the editing IP) has the edit stored as spam and answered as any edit is, as a post would
// be. Neither is a moderator's act: the events carry no `by`, so the audit does not record
// them; the comment itself keeps its history and reasons.
import type { Clock } from '../clock';
import type { CommenterListReader } from '../commenters/matcher';
import { errors } from '../errors';
import { findPage } from '../pages/page.model';
import type { Site } from '../sites/site.model';
import { hashAuthorToken } from './authorToken';
import { AUTHOR_EDIT_CHECKS, remember, runChecks } from './checks';
import type { CommentEvents } from './events';
import { sanitizeContent } from './sanitize';
import {
  type AuthorChange,
  findAuthoredComment,
  storeAuthorDelete,
  storeAuthorEdit,
} from './store/authorChanges';
import type { Comment } from './store/comment.types';

export const authorErrors = {
  tokenRequired: () =>
    errors.unauthorized('Send the author token this comment was posted with, as Parley-Author-Token.'),
  notFound: () => errors.notFound('comment_not_found', 'There is no such comment on this site.'),
  notYours: () => errors.forbidden('not_your_comment', 'This comment was not posted with this author token.'),
  windowClosed: (minutes: number) =>
    errors.forbidden(
      'edit_window_closed',
      minutes === 0
        ? 'This site does not let commenters edit or delete their comments.'
        : `A comment can be edited or deleted only within ${minutes} minutes of posting.`,
    ),
  changed: () =>
    errors.conflict(
      'comment_changed',
      'The comment changed while you were changing it. Reload and try again.',
    ),
};

/** Whether the site's edit window is still open for a comment posted at `createdAt`. */
export function isEditWindowOpen(site: Site, createdAt: Date, now: Date): boolean {
  const minutes = site.settings.editWindowMinutes;
  return minutes > 0 && now.getTime() - createdAt.getTime() < minutes * 60_000;
}

export function createAuthorActions(deps: {
  clock: Clock;
  events: CommentEvents;
  /** The sites' block lists (src/commenters/), as the post path reads them. */
  commenterLists: CommenterListReader;
}) {
  const { clock, events, commenterLists } = deps;

  /** The comment, once the token proves it is the caller's and the window is open. */
  async function loadOwn(site: Site, id: string, authorToken: string | undefined, now: Date) {
    if (!authorToken) throw authorErrors.tokenRequired();
    const found = await findAuthoredComment(id);
    const comment = found?.comment;
    // Deleted ones (trash) and spam are gone as far as their author is concerned.
    if (!comment || comment.site !== site.id || !['pending', 'approved'].includes(comment.status)) {
      throw authorErrors.notFound();
    }
    if (!found.authorTokenHash || found.authorTokenHash !== hashAuthorToken(authorToken)) {
      throw authorErrors.notYours();
    }
    if (!isEditWindowOpen(site, comment.createdAt, now)) {
      throw authorErrors.windowClosed(site.settings.editWindowMinutes);
    }
    return { comment, authorTokenHash: found.authorTokenHash, emailHash: found.emailHash };
  }

  async function tell(change: AuthorChange, to: Comment['status']): Promise<void> {
    if (change.from !== to) await events.emit('statusChanged', change.comment, change.from, to);
  }

  /**
   * Replaces the comment's text; answers the comment as stored (pending until checked again,
   * or spam for a blocked commenter, which the public answer shows as pending).
   */
  async function editOwnComment(
    site: Site,
    id: string,
    request: { authorToken: string | undefined; ip?: string; text: string },
  ): Promise<Comment> {
    const { authorToken, ip, text } = request;
    const now = clock.now();
    const { comment, authorTokenHash, emailHash } = await loadOwn(site, id, authorToken, now);
    const content = sanitizeContent(text);
    const checked = await runChecks(AUTHOR_EDIT_CHECKS, {
      site: async () => site,
      page: remember(() => findPage(site.id, comment.pageId)),
      now,
      content,
      emailHash,
      ip,
      commenterLists: () => commenterLists.read(site.id),
    });
    // The same text again changes nothing: no new check, no new moderation.
    if (content === comment.content) return comment;
    const spam = checked.status === 'spam' ? checked.reasons : undefined;
    const change = await storeAuthorEdit(id, authorTokenHash, { content, rawContent: text, now, spam });
    if (!change) throw authorErrors.changed();
    await events.emit('edited', change.comment, change.previousContent);
    await tell(change, change.comment.status);
    return change.comment;
  }

  /** Moves the comment to the trash (moderators still see it there). */
  async function deleteOwnComment(site: Site, id: string, authorToken: string | undefined): Promise<void> {
    const now = clock.now();
    const { authorTokenHash } = await loadOwn(site, id, authorToken, now);
    const change = await storeAuthorDelete(id, authorTokenHash, now);
    if (!change) throw authorErrors.changed();
    await tell(change, 'trash');
  }

  return { editOwnComment, deleteOwnComment };
}

export type AuthorActions = ReturnType<typeof createAuthorActions>;
