// Reading a WordPress export (WXR 1.0 to 1.2): each <item> is a post and becomes a page, its
// <wp:comment>s its comments. One post is held at a time: its fields, the ancestry of its
// comments so far (ids only) and replies that came before their parent, which are placed when
// the parent arrives or, at the post's end, made top-level.
import type { CommentStatus } from '../comments/store/comment.types';
import { type ImportedComment, type ImportedPage, type ImportItem, pageIdOf, parseDate } from './items';
import { type ReadProgress, readXml, type XmlHandler } from './xmlStream';

const STATUSES: Record<string, CommentStatus> = {
  '1': 'approved',
  '0': 'pending',
  spam: 'spam',
  trash: 'trash',
  'post-trashed': 'trash',
};

/** Post types that are not articles: they become pages only when they have comments. */
const NOT_ARTICLES = new Set([
  'attachment',
  'nav_menu_item',
  'revision',
  'custom_css',
  'customize_changeset',
]);

type Emit = (item: ImportItem) => void;
type Fields = Record<string, string>;

/** What is kept of a post (its body is not). */
const POST_FIELDS = new Set([
  'title',
  'link',
  'post_id',
  'post_date_gmt',
  'post_date',
  'post_type',
  'status',
  'comment_status',
]);

/** `wp:comment_author_IP` -> `comment_author_ip`; unprefixed names stay as they are. */
const fieldName = (name: string) => name.toLowerCase().replace(/^wp:/, '');

class Post {
  readonly fields: Fields = {};
  page: ImportedPage | undefined;
  private isPageOut = false;
  private hasBadLink = false;
  /** Each placed comment's ancestry including itself, by source id. */
  private readonly placed = new Map<string, string[]>();
  /** Replies waiting for their parent, by the parent's source id. */
  private readonly waiting = new Map<string, ImportedComment[]>();

  /** Hands out the page once; false when the post's link gives no page id. */
  private pageOut(emit: Emit, hasComments: boolean): boolean {
    if (this.isPageOut) return true;
    if (this.hasBadLink) return false;
    const { link = '', title, post_id: postId, post_date_gmt, post_date, comment_status } = this.fields;
    const pageId = pageIdOf(link);
    if (!pageId) {
      this.hasBadLink = true;
      return false;
    }
    const type = this.fields.post_type ?? 'post';
    const isArticle = !NOT_ARTICLES.has(type) && (this.fields.status ?? 'publish') === 'publish';
    if (!hasComments && !isArticle) return false;
    this.page = {
      pageId,
      url: link.trim(),
      ...(title?.trim() && { title: title.trim() }),
      ...(postId && /^\d+$/.test(postId.trim()) && { postId: postId.trim() }),
      createdAt: parseDate(post_date_gmt, post_date),
      isClosed: comment_status === 'closed',
    };
    emit({ kind: 'page', page: this.page });
    this.isPageOut = true;
    return true;
  }

  private place(comment: ImportedComment, ancestry: string[], emit: Emit): void {
    emit({ kind: 'comment', comment: { ...comment, ancestry } });
    const chain = [...ancestry, comment.sourceId];
    this.placed.set(comment.sourceId, chain);
    const children = this.waiting.get(comment.sourceId) ?? [];
    this.waiting.delete(comment.sourceId);
    for (const child of children) this.place(child, chain, emit);
  }

  addComment(raw: Fields, emit: Emit): void {
    const type = (raw.comment_type ?? '').trim();
    const sourceId = (raw.comment_id ?? '').trim();
    if (type === 'pingback' || type === 'trackback') emit({ kind: 'skipped', reason: type });
    else if (type !== '' && type !== 'comment') emit({ kind: 'skipped', reason: 'otherType' });
    else if (!sourceId || !this.pageOut(emit, true) || !this.page)
      emit({ kind: 'skipped', reason: 'badLink' });
    else this.addKept(raw, sourceId, this.page.pageId, emit);
  }

  private addKept(raw: Fields, sourceId: string, pageId: string, emit: Emit): void {
    let createdAt = parseDate(raw.comment_date_gmt);
    if (!createdAt) {
      emit({ kind: 'localDate' });
      createdAt = parseDate(raw.comment_date) ?? new Date();
    }
    const comment: ImportedComment = {
      pageId,
      sourceId,
      ancestry: [],
      status: STATUSES[(raw.comment_approved ?? '').trim()] ?? 'pending',
      createdAt,
      author: (raw.comment_author ?? '').trim(),
      ...(raw.comment_author_email?.trim() && { email: raw.comment_author_email.trim() }),
      ...(raw.comment_author_url?.trim() && { url: raw.comment_author_url.trim() }),
      ...(raw.comment_author_ip?.trim() && { ip: raw.comment_author_ip.trim() }),
      ...(raw.comment_agent?.trim() && { userAgent: raw.comment_agent.trim() }),
      content: raw.comment_content ?? '',
    };
    const parent = (raw.comment_parent ?? '').trim();
    const parentChain = parent === '' || parent === '0' ? [] : this.placed.get(parent);
    if (parentChain) this.place(comment, parentChain, emit);
    else this.waiting.set(parent, [...(this.waiting.get(parent) ?? []), comment]);
  }

  finish(emit: Emit): void {
    for (const [parent, children] of [...this.waiting]) {
      if (!this.waiting.has(parent)) continue;
      this.waiting.delete(parent);
      for (const child of children) {
        emit({ kind: 'parentMissing' });
        this.place(child, [], emit);
      }
    }
    if (this.pageOut(emit, false) && this.page) emit({ kind: 'pageDone', pageId: this.page.pageId });
  }
}

function wxrHandler(): XmlHandler<ImportItem> {
  let post: Post | undefined;
  let comment: Fields | undefined;
  return {
    open(name, _attributes, path) {
      if (name === 'item' && path.at(-1) === 'channel') post = new Post();
      else if (name === 'wp:comment' && path.at(-1) === 'item' && post) comment = {};
    },
    close(name, text, path, emit) {
      const parent = path.at(-1);
      if (parent === 'wp:comment' && comment) comment[fieldName(name)] = text;
      else if (name === 'wp:comment' && comment && post) {
        post.addComment(comment, emit);
        comment = undefined;
      } else if (parent === 'item' && post && POST_FIELDS.has(fieldName(name))) {
        post.fields[fieldName(name)] = text;
      } else if (name === 'item' && parent === 'channel' && post) {
        post.finish(emit);
        post = undefined;
      }
    },
  };
}

/** The items of a WordPress export, in file order. */
export function readWordPressExport(file: string, progress?: ReadProgress): AsyncGenerator<ImportItem> {
  return readXml(file, wxrHandler(), progress);
}
