// Fills a bench database straight through the models, far faster than posting: approved
// comments spread over pages, each page's precomputed thread, and, for the drain, pending
// comments whose spam checks are due. The measured page /hot is the same at every size, so
// what changes between sizes is only what else the database holds.
import { Types } from 'mongoose';
import { newCommentDocument } from '../src/comments/store/changes';
import { type CommentDocument, CommentModel, toComment } from '../src/comments/store/comment.model';
import { type Comment, queuedSpamCheck } from '../src/comments/store/comment.types';
import { recordPending } from '../src/comments/store/pendingQueue.model';
import { queueSpamCheck } from '../src/comments/store/spamChecks';
import { migrateDatabase } from '../src/db/migrate';
import { createLogger } from '../src/logger';
import { PageModel, pageKey } from '../src/pages/page.model';
import { createEmailVault } from '../src/privacy/emailVault';
import { createSite } from '../src/sites/site.model';
import { writeRebuiltThread } from '../src/threads/thread.rebuild';

export const SITE = 'bench';
export const ORIGIN = 'https://bench.example';
export const HOT_PAGE = '/hot';
/** The key every bench process (seeder, app, worker) shares, so workers can read seeded emails. */
export const EMAIL_KEY = Buffer.alloc(32, 3).toString('base64');

/** /hot: 250 top-level comments with 3 replies each. */
const HOT_TOP_LEVEL = 250;
const REPLIES_EACH = 3;
/** Every other page: 25 top-level comments with 3 replies each. */
const PAGE_TOP_LEVEL = 25;
const INSERT_BATCH = 1000;
/** Threads written at once: FerretDB takes them one at a time anyway, this only overlaps round trips. */
const THREAD_WRITERS = 4;

const vault = createEmailVault(Buffer.from(EMAIL_KEY, 'base64'));
const START = Date.UTC(2026, 0, 1);
let sequence = 0;

function commentDoc(
  pageId: string,
  status: 'approved' | 'pending',
  parent?: CommentDocument,
): CommentDocument {
  const n = ++sequence;
  const email = `reader${n}@example.org`;
  const emailHash = vault.hash(email);
  const text = `Comment number ${n}, with a few words about the article.`;
  return newCommentDocument({
    site: SITE,
    pageId,
    parent: parent && toComment(parent),
    author: `Reader ${n}`,
    avatarSeed: vault.avatarSeed(emailHash),
    content: `<p>${text}</p>`,
    rawContent: text,
    status,
    reasons: [],
    notifyReplies: false,
    emailSealed: vault.encrypt(email),
    emailHash,
    request: { ip: `198.51.100.${n % 250}`, userAgent: 'bench' },
    ...(status === 'pending' && { spamCheck: queuedSpamCheck(new Date()) }),
    createdAt: new Date(START + n * 1000),
  });
}

/** A page's comments: `topLevel` approved comments, each followed by its approved replies. */
function pageDocs(pageId: string, topLevel: number): CommentDocument[] {
  const docs: CommentDocument[] = [];
  for (let i = 0; i < topLevel; i++) {
    const top = commentDoc(pageId, 'approved');
    docs.push(top);
    for (let r = 0; r < REPLIES_EACH; r++) docs.push(commentDoc(pageId, 'approved', top));
  }
  return docs;
}

async function insertInBatches(docs: CommentDocument[]): Promise<void> {
  for (let i = 0; i < docs.length; i += INSERT_BATCH) {
    await CommentModel.insertMany(docs.slice(i, i + INSERT_BATCH), { lean: true });
  }
}

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++] as T);
  });
  await Promise.all(lanes);
}

/** A fresh database as a new install has it: migration recorded as done, and the bench site. */
export async function prepareDatabase(): Promise<void> {
  // On an empty database this only records that there is nothing to bring over, so the
  // app and workers started later do not rebuild every seeded thread at start-up.
  await migrateDatabase(createLogger({ level: 'silent' }));
  await createSite({ id: SITE, name: 'Bench', url: `${ORIGIN}/`, allowedOrigins: [ORIGIN] }, new Date());
}

/** The other pages' ids, /page-1, /page-2, ...: counts read some of them. */
export function otherPageId(n: number): string {
  return `/page-${n}`;
}

/**
 * Stores `total` approved comments: 1,000 on /hot, the rest on pages of 100, and writes each
 * page's thread. Returns /hot's comments, to rewrite its thread later.
 */
export async function seedComments(total: number, log: (line: string) => void): Promise<Comment[]> {
  const pages = [{ pageId: HOT_PAGE, topLevel: HOT_TOP_LEVEL }];
  const perPage = PAGE_TOP_LEVEL * (1 + REPLIES_EACH);
  const others = Math.floor((total - HOT_TOP_LEVEL * (1 + REPLIES_EACH)) / perPage);
  for (let n = 1; n <= others; n++) pages.push({ pageId: otherPageId(n), topLevel: PAGE_TOP_LEVEL });

  let hot: Comment[] = [];
  let stored = 0;
  await inParallel(pages, THREAD_WRITERS, async ({ pageId, topLevel }) => {
    const docs = pageDocs(pageId, topLevel);
    await insertInBatches(docs);
    await PageModel.create({ _id: pageKey(SITE, pageId), site: SITE, pageId, createdAt: new Date(START) });
    const comments = docs.map(toComment);
    await writeRebuiltThread(SITE, pageId, comments, false);
    if (pageId === HOT_PAGE) hot = comments;
    stored += docs.length;
    if (stored % 10_000 < docs.length) log(`  ${stored.toLocaleString('en')} comments stored`);
  });
  return hot;
}

/** Rewrites /hot's thread from the same comments: a new version and new chunks, as after a moderator's change. */
export async function changeHotPage(hot: Comment[]): Promise<void> {
  await writeRebuiltThread(SITE, HOT_PAGE, hot, false);
}

/**
 * Pending comments on their own page, each with its due spam check written on the comment
 * and its moderation record, as a post leaves them; the queue items come separately
 * (queueChecks), so the clock can start when the work appears.
 */
export async function seedPendingComments(count: number, pageId: string): Promise<string[]> {
  const docs = Array.from({ length: count }, () => commentDoc(pageId, 'pending'));
  await insertInBatches(docs);
  await inParallel(docs, 8, (doc) =>
    recordPending({
      id: doc._id.toHexString(),
      site: SITE,
      pageId,
      author: doc.author,
      content: doc.content,
      emailHash: doc.emailHash,
      createdAt: doc.createdAt,
    }),
  );
  return docs.map((doc) => doc._id.toHexString());
}

export async function queueChecks(ids: string[]): Promise<void> {
  const now = new Date();
  await inParallel(ids, 8, (id) => queueSpamCheck(id, now));
}

/** A new id, for pages that must not exist yet. */
export function freshSuffix(): string {
  return new Types.ObjectId().toHexString().slice(-8);
}
