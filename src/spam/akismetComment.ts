// Turns a stored comment into the fields Akismet wants: the commenter's request data as
// captured when the comment was posted, and the email decrypted from the vault.

import type { SpamCheckSubject } from '../comments/store/spamChecks';
import type { Logger } from '../logger';
import { findPage } from '../pages/page.model';
import type { EmailVault } from '../privacy/emailVault';
import type { Site } from '../sites/site.model';
import type { AkismetComment } from './akismet';

/** Akismet wants a language; sites have no language setting yet. */
const DEFAULT_LANG = 'en';

export function revealEmail(subject: SpamCheckSubject, vault: EmailVault, log: Logger): string | undefined {
  const sealed = subject.private.emailSealed;
  if (!sealed) return undefined;
  try {
    return vault.decrypt(sealed);
  } catch {
    // A changed EMAIL_KEY: Akismet still gets everything else.
    log.warn('could not decrypt the commenter email; sending the check without it');
    return undefined;
  }
}

export async function buildAkismetComment(options: {
  subject: SpamCheckSubject;
  site: Site;
  email: string | undefined;
  isTest: boolean;
  /** The page's address (its permalink); by default read from the page. */
  findPageUrl?: (site: string, pageId: string) => Promise<string | undefined>;
}): Promise<AkismetComment> {
  const { subject, site, email, isTest } = options;
  const { comment, private: data } = subject;
  const findPageUrl =
    options.findPageUrl ?? (async (siteId, pageId) => (await findPage(siteId, pageId))?.url);
  const fields: AkismetComment = {
    blog: site.url,
    blog_lang: DEFAULT_LANG,
    user_ip: data.request.ip ?? '',
    user_agent: data.request.userAgent,
    referrer: data.request.referrer,
    permalink: await findPageUrl(comment.site, comment.pageId),
    comment_type: comment.depth > 0 ? 'reply' : 'comment',
    comment_author: comment.author || undefined,
    comment_author_email: email,
    comment_author_url: comment.authorUrl,
    comment_content: data.rawContent,
    comment_date_gmt: comment.createdAt.toISOString(),
    ...(isTest && { is_test: '1' }),
  };
  // Superagent would send `undefined` values as empty fields; leave them out instead.
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as AkismetComment;
}
