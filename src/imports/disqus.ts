// Reading a Disqus export: <thread>s become pages, <post>s comments. Threads may come after
// their posts, and a parent after its reply, so the file is read twice. The first pass keeps
// only small records: each thread's page (link, title, dates) and each post's thread and
// parent ids. The second streams the posts, each with its ancestry worked out from those.
import { statSync } from 'node:fs';
import type { CommentStatus } from '../comments/store/comment.types';
import { type ImportedPage, type ImportItem, pageIdOf, parseDate } from './items';
import { type ReadProgress, readXml, type XmlHandler } from './xmlStream';

const ID = 'dsq:id';

interface ThreadRecord {
  page: ImportedPage;
  /** Posts of the thread the second pass has still to hand out. */
  remaining: number;
}

interface PostLinks {
  thread: string;
  parent?: string;
}

type Fields = Record<string, string>;

const isTrue = (value: string | undefined) => value?.trim() === 'true';

/** Pass one: every thread (as a page) and every post's thread and parent. */
function linksHandler(threads: Map<string, ThreadRecord>, posts: Map<string, PostLinks>): XmlHandler<never> {
  let thread: { id: string; fields: Fields } | undefined;
  let post: { id: string; links: PostLinks } | undefined;
  return {
    open(name, attributes, path) {
      const parent = path.at(-1);
      if (parent === 'disqus' && name === 'thread') thread = { id: attributes[ID] ?? '', fields: {} };
      else if (parent === 'disqus' && name === 'post')
        post = { id: attributes[ID] ?? '', links: { thread: '' } };
      else if (parent === 'post' && post && name === 'thread') post.links.thread = attributes[ID] ?? '';
      else if (parent === 'post' && post && name === 'parent' && attributes[ID])
        post.links.parent = attributes[ID];
    },
    close(name, text, path) {
      const parent = path.at(-1);
      if (parent === 'thread' && thread && path.length === 2) thread.fields[name] = text;
      else if (parent === 'disqus' && name === 'thread' && thread) {
        const { link = '', title, createdAt, isClosed } = thread.fields;
        const pageId = pageIdOf(link);
        if (thread.id && pageId) {
          const page: ImportedPage = {
            pageId,
            url: link.trim(),
            ...(title?.trim() && { title: title.trim() }),
            createdAt: parseDate(createdAt),
            isClosed: isTrue(isClosed),
          };
          threads.set(thread.id, { page, remaining: 0 });
        }
        thread = undefined;
      } else if (parent === 'disqus' && name === 'post' && post) {
        if (post.id) posts.set(post.id, post.links);
        post = undefined;
      }
    },
  };
}

function statusOf(fields: Fields): CommentStatus {
  if (isTrue(fields.isDeleted)) return 'trash';
  return isTrue(fields.isSpam) ? 'spam' : 'approved';
}

/** Pass two: the posts, with their ancestry. */
function postsHandler(
  threads: Map<string, ThreadRecord>,
  posts: Map<string, PostLinks>,
): XmlHandler<ImportItem> {
  /** A post's parent, when it is in the file and in the same thread; else undefined. */
  const parentOf = (links: PostLinks): string | undefined => {
    const parent = links.parent ? posts.get(links.parent) : undefined;
    return parent && parent.thread === links.thread ? links.parent : undefined;
  };
  const ancestryOf = (links: PostLinks): string[] => {
    const chain: string[] = [];
    const seen = new Set<string>();
    for (let id = parentOf(links); id && !seen.has(id); id = parentOf(posts.get(id) as PostLinks)) {
      seen.add(id);
      chain.unshift(id);
    }
    return chain;
  };
  let post: { id: string; fields: Fields } | undefined;
  return {
    open(name, attributes, path) {
      if (path.at(-1) === 'disqus' && name === 'post') post = { id: attributes[ID] ?? '', fields: {} };
    },
    close(name, text, path, emit) {
      const parent = path.at(-1);
      if (!post) return;
      if (parent === 'post') post.fields[name] = text;
      else if (parent === 'author' && path.at(-2) === 'post') post.fields[`author.${name}`] = text;
      else if (parent === 'disqus' && name === 'post') {
        const { id, fields } = post;
        post = undefined;
        const links = posts.get(id);
        const thread = links && threads.get(links.thread);
        if (!links || !thread) return emit({ kind: 'skipped', reason: 'noThread' });
        if (links.parent && !parentOf(links)) emit({ kind: 'parentMissing' });
        const email = fields['author.email']?.trim();
        emit({
          kind: 'comment',
          comment: {
            pageId: thread.page.pageId,
            sourceId: id,
            ancestry: ancestryOf(links),
            status: statusOf(fields),
            createdAt: parseDate(fields.createdAt) ?? new Date(),
            author: (fields['author.name'] || fields['author.username'] || '').trim(),
            ...(email && { email }),
            ...(fields.ipAddress?.trim() && { ip: fields.ipAddress.trim() }),
            content: fields.message ?? '',
          },
        });
        thread.remaining -= 1;
        if (thread.remaining === 0) emit({ kind: 'pageDone', pageId: thread.page.pageId });
      }
    },
  };
}

/**
 * The items of a Disqus export. Progress counts both passes as one read of the file: the
 * first is its first half, the second its second.
 */
export async function* readDisqusExport(
  file: string,
  progress: ReadProgress = {},
): AsyncGenerator<ImportItem> {
  const size = statSync(file).size;
  const threads = new Map<string, ThreadRecord>();
  const posts = new Map<string, PostLinks>();
  const firstPass = readXml(file, linksHandler(threads, posts), {
    onBytes: (bytes) => progress.onBytes?.(Math.round(bytes / 2)),
  });
  for await (const _ of firstPass) {
    // The first pass yields nothing: it fills the maps.
  }
  for (const links of posts.values()) {
    const thread = threads.get(links.thread);
    if (thread) thread.remaining += 1;
  }
  for (const thread of threads.values()) {
    if (thread.remaining > 0) yield { kind: 'page', page: thread.page };
  }
  yield* readXml(file, postsHandler(threads, posts), {
    onBytes: (bytes) => progress.onBytes?.(Math.round((size + bytes) / 2)),
  });
}
