// The checks each path runs before storing a comment, in the order they run. The order is
// part of the API: it decides which refusal a poster sees (a closed page before a missing
// parent). The guards come after every other refusal, so a post refused for anything else
// takes none; duplicate before flood, so a comment sent twice is told it is a duplicate. The
// honeypot refuses nothing: a bot's post passes every rule above, guards included; nor does
// blockedCommenter, last, so a blocked commenter is refused exactly when anyone else would be.
import { blockedCommenter } from './blockedCommenter';
import type { Check, CheckContext } from './check';
import { contentNotEmpty, moderatorContentNotEmpty } from './contentNotEmpty';
import { depth } from './depth';
import { duplicate } from './duplicate';
import { flood } from './flood';
import { honeypot } from './honeypot';
import { pageOpen } from './pageOpen';
import { moderatorParentApproved, parentApproved } from './parentApproved';
import { parentExists } from './parentExists';

export { type Check, type CheckContext, remember, runChecks } from './check';

/** A reader's comment, through the API or the form. */
export const NEW_COMMENT_CHECKS: Check<CheckContext>[] = [
  pageOpen,
  parentExists,
  parentApproved,
  depth,
  contentNotEmpty,
  duplicate,
  flood,
  honeypot,
  blockedCommenter,
];

/**
 * A moderator's reply: no closed-page, duplicate or flood rules (a moderator may answer on a
 * closed page). Its parent was found, and the moderator's access to it checked, before these.
 */
export const MODERATOR_REPLY_CHECKS: Check<Pick<CheckContext, 'site' | 'pageId' | 'parent' | 'content'>>[] = [
  moderatorParentApproved,
  depth,
  moderatorContentNotEmpty,
];

/**
 * An author's edit of their comment (with their author token, within the site's edit
 * window): not on a closed page, not empty, and stored as spam for a blocked commenter, as
 * a post is. No duplicate or flood rule: the comment keeps its place and its guard, and its
 * new text is checked for spam again. No parent or depth rule: its place does not change.
 */
export const AUTHOR_EDIT_CHECKS: Check<
  Pick<CheckContext, 'site' | 'page' | 'now' | 'content' | 'emailHash' | 'ip' | 'commenterLists'>
>[] = [pageOpen, contentNotEmpty, blockedCommenter];

/** A moderator's edit of a comment's text. */
export const MODERATOR_EDIT_CHECKS: Check<Pick<CheckContext, 'content'>>[] = [moderatorContentNotEmpty];
