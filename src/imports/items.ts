// What a reader (wordpress.ts, disqus.ts) makes of an export: plain items, in file order, that
// the one writer (writer.ts) stores. A reader resolves threading itself, so each comment
// arrives with the source ids of its ancestors.
import type { CommentStatus } from '../comments/store/comment.types';

export type ImportSource = 'wordpress' | 'disqus';

/** A post (WordPress) or thread (Disqus): one page. */
export interface ImportedPage {
  pageId: string;
  url: string;
  title?: string;
  /** When the post was published: the page's first-comment time when it is new. */
  createdAt?: Date;
  isClosed: boolean;
  /** WordPress's post id, kept so forms posting comment_post_ID reach the page. */
  postId?: string;
}

export interface ImportedComment {
  pageId: string;
  /** The comment's id in the source; unique within the source and the site. */
  sourceId: string;
  /** Source ids of its ancestors, top-level first; empty for a top-level comment. */
  ancestry: string[];
  status: CommentStatus;
  createdAt: Date;
  author: string;
  email?: string;
  url?: string;
  ip?: string;
  userAgent?: string;
  /** The text as the source holds it, before our sanitiser. */
  content: string;
}

export type SkipReason = 'pingback' | 'trackback' | 'otherType' | 'noThread' | 'badLink';

export type ImportItem =
  | { kind: 'page'; page: ImportedPage }
  | { kind: 'comment'; comment: ImportedComment }
  /** Every comment of the page has been handed out: its thread can be brought up to date. */
  | { kind: 'pageDone'; pageId: string }
  | { kind: 'skipped'; reason: SkipReason }
  /** A reply whose parent is not in the file; it comes (or came) as a top-level comment. */
  | { kind: 'parentMissing' }
  /** A comment dated from its local time, read as UTC (no usable comment_date_gmt). */
  | { kind: 'localDate' };

/** The first text that parses as a date, if any. */
export function parseDate(...values: Array<string | undefined>): Date | undefined {
  for (const value of values) {
    const trimmed = value?.trim();
    if (!trimmed || trimmed.startsWith('0000-00-00')) continue;
    // WordPress writes "2019-11-22 10:00:00", Disqus ISO 8601 with a Z.
    const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(trimmed)
      ? `${trimmed.replace(' ', 'T')}Z`
      : trimmed;
    const date = new Date(iso);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return undefined;
}

/** The page id the embed uses by default for an article at `link`: its path. */
export function pageIdOf(link: string): string | undefined {
  try {
    const url = new URL(link.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname : undefined;
  } catch {
    return undefined;
  }
}
