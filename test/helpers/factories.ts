// Factories insert real documents through the same model functions the app uses, so
// counts and versions stay as the app would keep them.
import { randomBytes } from 'node:crypto';
import { hashAuthorToken } from '../../src/comments/authorToken';
import { sanitizeContent } from '../../src/comments/sanitize';
import { changeCommentStatus, newCommentDocument, storeNewComment } from '../../src/comments/store/changes';
import type { Comment, CommentStatus } from '../../src/comments/store/comment.types';
import { upsertPage } from '../../src/pages/page.model';
import { createEmailVault } from '../../src/privacy/emailVault';
import { createSite, type Site } from '../../src/sites/site.model';
import type { SiteSettings } from '../../src/sites/site.schema';
import { TEST_EMAIL_KEY } from './app';

const vault = createEmailVault(Buffer.from(TEST_EMAIL_KEY, 'base64'));
let sequence = 0;

export const SITE_ORIGIN = 'https://news.example';

export async function buildSite(
  overrides: { id?: string; allowedOrigins?: string[]; settings?: Partial<SiteSettings> } = {},
): Promise<Site> {
  return createSite(
    {
      id: overrides.id ?? `site-${++sequence}`,
      name: 'NewsSemi Conductor',
      url: `${SITE_ORIGIN}/`,
      allowedOrigins: overrides.allowedOrigins ?? [SITE_ORIGIN],
      settings: overrides.settings as SiteSettings | undefined,
    },
    new Date('2026-01-01T00:00:00Z'),
  );
}

export interface CommentOverrides {
  pageId?: string;
  parent?: Comment;
  author?: string;
  email?: string;
  content?: string;
  status?: CommentStatus;
  createdAt?: Date;
  ip?: string;
  authorToken?: string;
  /** Written by a moderator (shown with a badge). */
  byModerator?: boolean;
}

export async function buildComment(site: Site, overrides: CommentOverrides = {}): Promise<Comment> {
  const n = ++sequence;
  const pageId = overrides.parent?.pageId ?? overrides.pageId ?? '/2019/11/gsomia';
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2026, 0, 1, 0, 0, n));
  const email = overrides.email ?? `reader${n}@example.org`;
  await upsertPage(site.id, pageId, { url: `${SITE_ORIGIN}${pageId}` }, createdAt);
  const comment = await storeNewComment(
    newCommentDocument({
      site: site.id,
      pageId,
      parent: overrides.parent,
      author: overrides.author ?? `Reader ${n}`,
      avatarSeed: vault.avatarSeed(vault.hash(email)),
      content: sanitizeContent(overrides.content ?? `Comment number ${n}`),
      rawContent: overrides.content ?? `Comment number ${n}`,
      status: 'pending',
      reasons: [],
      notifyReplies: false,
      ...(overrides.byModerator && { byModerator: true }),
      emailSealed: vault.encrypt(email),
      emailHash: vault.hash(email),
      request: { ip: overrides.ip ?? `198.51.100.${n % 250}` },
      authorTokenHash: hashAuthorToken(overrides.authorToken ?? randomBytes(32).toString('base64url')),
      createdAt,
    }),
  );
  const status = overrides.status ?? 'approved';
  if (status === 'pending') return comment;
  return (await changeCommentStatus(comment.id, 'pending', status, createdAt)) as Comment;
}
