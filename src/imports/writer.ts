// The one writer both importers share: it turns a reader's items into pages and comments, in
// batches, and brings each page's public thread up to date once its comments are stored. A
// comment's id comes from (site, source, source id), so storing the same comment again is a
// duplicate key: re-running a file adds nothing, and a bigger later export only what is new.
import { createHash } from 'node:crypto';
import { sanitizeContent } from '../comments/sanitize';
import type { CommentStatus, NewComment } from '../comments/store/comment.types';
import { storeImportedComments } from '../comments/store/imports';
import { findPage, savePage, setPageClosed } from '../pages/page.model';
import { savePageAlias } from '../pages/pageAlias.model';
import { type EmailVault, gravatarHash } from '../privacy/emailVault';
import type { ImportedComment, ImportedPage, ImportItem, ImportSource, SkipReason } from './items';
import { createThreadCatchUp } from './threads';

export interface ImportSummary {
  source: ImportSource;
  pages: number;
  /** Comments stored now, by status. */
  imported: Record<CommentStatus, number>;
  /** Comments an earlier import stored already. */
  existing: number;
  skipped: Record<SkipReason, number>;
  parentMissing: number;
  localDates: number;
}

/** Comments per insert. */
const BATCH = 100;

const SOURCE_NAMES: Record<ImportSource, string> = { wordpress: 'WordPress', disqus: 'Disqus' };

/** The id an imported comment is stored under: the same for the same comment every time. */
export function importedCommentId(site: string, source: ImportSource, sourceId: string): string {
  return createHash('sha256').update(`${site}\n${source}\n${sourceId}`).digest('hex').slice(0, 24);
}

const isWebAddress = (value: string) => /^https?:\/\/[^\s]+$/i.test(value) && value.length <= 200;

export function createImportWriter(deps: {
  site: string;
  source: ImportSource;
  vault: EmailVault;
  now: Date;
}) {
  const { site, source, vault, now } = deps;
  const summary: ImportSummary = {
    source,
    pages: 0,
    imported: { pending: 0, approved: 0, spam: 0, trash: 0 },
    existing: 0,
    skipped: { pingback: 0, trackback: 0, otherType: 0, noThread: 0, badLink: 0 },
    parentMissing: 0,
    localDates: 0,
  };
  const reasons = [{ code: 'imported', message: `Imported from ${SOURCE_NAMES[source]}.` }];
  let batch: NewComment[] = [];
  const threads = createThreadCatchUp(site);
  /** Pages whose every comment has been handed to the writer. */
  const donePages = new Set<string>();
  const idOf = (sourceId: string) => importedCommentId(site, source, sourceId);

  async function savePageOf(page: ImportedPage): Promise<void> {
    const known = await findPage(site, page.pageId);
    const details = { url: page.url, ...(page.title && { title: page.title }) };
    await savePage(site, page.pageId, details, page.createdAt ?? now, known);
    // A page's closing is the source's only when the page is new here.
    if (!known && page.isClosed) await setPageClosed(site, page.pageId, true);
    if (page.postId) await savePageAlias(site, page.postId, page.pageId);
    summary.pages += 1;
  }

  function newCommentOf(comment: ImportedComment): NewComment {
    const chain = comment.ancestry.map(idOf);
    const parentId = chain.at(-1);
    const email = comment.email && comment.email.length <= 254 ? comment.email : undefined;
    const emailHash = email ? vault.hash(email) : undefined;
    const author = comment.author.slice(0, 245);
    return {
      id: idOf(comment.sourceId),
      site,
      pageId: comment.pageId,
      ...(parentId && {
        parent: {
          id: parentId,
          ancestorIds: chain.slice(0, -1),
          threadId: chain[0] as string,
          depth: chain.length - 1,
        },
      }),
      author,
      ...(comment.url && isWebAddress(comment.url) && { authorUrl: comment.url }),
      avatarSeed: vault.avatarSeed(emailHash ?? `${site}:${author}`),
      // An empty text (a deleted Disqus post) still holds its place for replies.
      content: sanitizeContent(comment.content) || '<p>(no text)</p>',
      rawContent: comment.content,
      status: comment.status,
      reasons,
      notifyReplies: false,
      emailSealed: email ? vault.encrypt(email) : undefined,
      emailHash,
      gravatarHash: email ? gravatarHash(email) : undefined,
      request: { ip: comment.ip?.slice(0, 100), userAgent: comment.userAgent?.slice(0, 500) },
      createdAt: comment.createdAt,
    };
  }

  async function flush(): Promise<void> {
    const docs = batch;
    batch = [];
    if (docs.length > 0) {
      const { inserted, existing } = await storeImportedComments(docs);
      summary.existing += existing.length;
      for (const doc of inserted) summary.imported[doc.status] += 1;
      await threads.storedBefore(existing);
      await threads.stored(inserted);
    }
    for (const pageId of donePages) await threads.finishPage(pageId);
    donePages.clear();
  }

  async function add(item: ImportItem): Promise<void> {
    switch (item.kind) {
      case 'page':
        return savePageOf(item.page);
      case 'comment':
        batch.push(newCommentOf(item.comment));
        if (batch.length >= BATCH) await flush();
        return;
      case 'pageDone':
        donePages.add(item.pageId);
        return;
      case 'skipped':
        summary.skipped[item.reason] += 1;
        return;
      case 'parentMissing':
        summary.parentMissing += 1;
        return;
      case 'localDate':
        summary.localDates += 1;
    }
  }

  /** Stores what is left and brings every touched page's thread up to date. */
  async function finish(): Promise<ImportSummary> {
    await flush();
    await threads.finishAll();
    return summary;
  }

  return { add, finish, summary };
}

export type ImportWriter = ReturnType<typeof createImportWriter>;
