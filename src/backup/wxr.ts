// `export:wordpress --site <id>`: a site's comments as a WordPress export (WXR 1.2), written
// as they are read (comments sorted by page, one `<item>` per page). Numbers WordPress wants
// (post and comment ids) are derived from Parley's ids, so the same site exports the same
// numbers every time. Emails leave only with --include-emails.
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { type StoredComment, streamSiteCommentsByPage } from '../comments/store/backup';
import type { CommentStatus } from '../comments/store/comment.types';
import { findPage, type Page } from '../pages/page.model';
import type { EmailVault } from '../privacy/emailVault';
import { findSite, type Site } from '../sites/site.model';
import { BackupError, writeLine } from './output';

export interface WxrOptions {
  includeEmails: boolean;
  vault: EmailVault;
  now: Date;
}

/** A number from 1 to 2^48 for an id: stable, and far from colliding at a site's size. */
export function stableNumber(id: string): number {
  return Number.parseInt(createHash('sha256').update(id).digest('hex').slice(0, 12), 16) || 1;
}

/** Whether XML 1.0 can hold this code point at all, even escaped (no control characters, no lone surrogates). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

function xmlChars(value: string): string {
  let kept = '';
  for (const char of value) if (isXmlChar(char.codePointAt(0) as number)) kept += char;
  return kept;
}

export function xmlText(value: string): string {
  return xmlChars(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A CDATA section; a `]]>` inside is split across two sections. */
export function cdata(value: string): string {
  return `<![CDATA[${xmlChars(value).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as WordPress writes its dates. */
export function wpDate(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

const APPROVED: Record<CommentStatus, string> = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' };

const el = (name: string, value: string) => `<${name}>${xmlText(value)}</${name}>`;

/** The page's address: its url, else the site's first origin with the pageId as the path. */
export function pageLink(site: Site, pageId: string, page: Page | undefined): string {
  if (page?.url) return page.url;
  const origin = site.allowedOrigins[0] ?? new URL(site.url).origin;
  return `${origin}${pageId.startsWith('/') ? pageId : `/${pageId}`}`;
}

function slugOf(pageId: string): string {
  const last = pageId.split('/').filter(Boolean).at(-1) ?? '';
  return (
    last
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || String(stableNumber(pageId))
  );
}

function openItem(site: Site, pageId: string, page: Page | undefined): string {
  return [
    '\t<item>',
    `\t\t${el('title', page?.title ?? pageId)}`,
    `\t\t${el('link', pageLink(site, pageId, page))}`,
    `\t\t${el('dc:creator', site.name)}`,
    `\t\t<content:encoded>${cdata('')}</content:encoded>`,
    `\t\t<excerpt:encoded>${cdata('')}</excerpt:encoded>`,
    `\t\t${el('wp:post_id', String(stableNumber(`${site.id}:${pageId}`)))}`,
    ...(page ? [`\t\t${el('wp:post_date_gmt', wpDate(page.createdAt))}`] : []),
    `\t\t${el('wp:post_name', slugOf(pageId))}`,
    `\t\t${el('wp:status', 'publish')}`,
    `\t\t${el('wp:post_type', 'post')}`,
    `\t\t${el('wp:comment_status', page?.isClosed ? 'closed' : 'open')}`,
    '',
  ].join('\n');
}

function emailOf(comment: StoredComment, options: WxrOptions): string {
  if (!options.includeEmails || !comment.emailSealed) return '';
  try {
    return options.vault.decrypt(comment.emailSealed);
  } catch {
    throw new BackupError(`comment ${comment.id}: its email cannot be decrypted with this EMAIL_KEY`);
  }
}

function commentXml(comment: StoredComment, options: WxrOptions): string {
  const email = emailOf(comment, options);
  const at = wpDate(comment.createdAt);
  return [
    '\t\t<wp:comment>',
    `\t\t\t${el('wp:comment_id', String(stableNumber(comment.id)))}`,
    `\t\t\t<wp:comment_author>${cdata(comment.author)}</wp:comment_author>`,
    `\t\t\t${el('wp:comment_author_email', email)}`,
    `\t\t\t${el('wp:comment_author_url', comment.authorUrl ?? '')}`,
    `\t\t\t${el('wp:comment_author_IP', comment.request.ip ?? '')}`,
    `\t\t\t${el('wp:comment_date', at)}`,
    `\t\t\t${el('wp:comment_date_gmt', at)}`,
    `\t\t\t<wp:comment_content>${cdata(comment.content)}</wp:comment_content>`,
    `\t\t\t${el('wp:comment_approved', APPROVED[comment.status])}`,
    `\t\t\t${el('wp:comment_type', '')}`,
    `\t\t\t${el('wp:comment_parent', comment.parentId ? String(stableNumber(comment.parentId)) : '0')}`,
    `\t\t\t${el('wp:comment_agent', comment.request.userAgent ?? '')}`,
    '\t\t</wp:comment>',
    '',
  ].join('\n');
}

function head(site: Site, now: Date): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- Comments of the Parley site "${xmlText(site.id)}", as a WordPress export (WXR 1.2). -->`,
    '<rss version="2.0"',
    '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"',
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"',
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"',
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"',
    '\txmlns:wp="http://wordpress.org/export/1.2/"',
    '>',
    '<channel>',
    `\t${el('title', site.name)}`,
    `\t${el('link', site.url)}`,
    `\t${el('description', '')}`,
    `\t${el('pubDate', now.toUTCString())}`,
    `\t${el('wp:wxr_version', '1.2')}`,
    `\t${el('wp:base_site_url', site.url)}`,
    `\t${el('wp:base_blog_url', site.url)}`,
    '',
  ].join('\n');
}

/** Writes the site's comments as WXR to `out`; answers how many pages and comments. */
export async function writeWxr(siteId: string, out: Writable, options: WxrOptions) {
  const site = await findSite(siteId);
  if (!site) throw new BackupError(`there is no site "${siteId}"`);
  await writeLine(out, head(site, options.now));
  let current: string | undefined;
  let pages = 0;
  let comments = 0;
  for await (const comment of streamSiteCommentsByPage(siteId)) {
    if (comment.pageId !== current) {
      if (current !== undefined) await writeLine(out, '\t</item>\n');
      current = comment.pageId;
      await writeLine(out, openItem(site, current, await findPage(siteId, current)));
      pages += 1;
    }
    await writeLine(out, commentXml(comment, options));
    comments += 1;
  }
  if (current !== undefined) await writeLine(out, '\t</item>\n');
  await writeLine(out, '</channel>\n</rss>\n');
  return { pages, comments };
}
