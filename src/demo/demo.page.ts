// The demo article page: the sample news story from article.txt with Parley's embed under
// it, exactly as a site would paste it. The plain form inside the embed's element is the
// no-JavaScript fallback, styled by the embed's stylesheet; the embed replaces it when its
// script runs.
import { commentFormHtml, escapeHtml } from '../embed/client/formMarkup';
import { stringsFor } from '../embed/client/locale';
import { FAVICON_LINK } from '../http/favicon';

export const DEMO_SITE = 'demo';
export const DEMO_PAGE_ID = '/demo';

export interface Article {
  siteName: string;
  title: string;
  paragraphs: string[];
  author: string;
  authorBio: string;
}

/**
 * article.txt is the story as a reader copies it off the page: site name, title, the
 * paragraphs, the author box, then "Related Articles" and the WordPress comment form,
 * which the embed replaces.
 */
export function parseArticle(text: string): Article {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  const related = blocks.indexOf('Related Articles');
  const end = related > 4 ? related : blocks.length;
  const [siteName = '', title = ''] = blocks;
  return {
    siteName,
    title,
    paragraphs: blocks.slice(2, end - 2),
    author: blocks[end - 2] ?? '',
    authorBio: blocks[end - 1] ?? '',
  };
}

/**
 * `embedStyles` is the embed's stylesheet (/embed/embed.HASH.css): the page links it, so the
 * plain form looks the same before the script runs, and without it.
 */
export function renderDemoPage(article: Article, publicUrl: string, embedStyles: string): string {
  const pageUrl = `${publicUrl}${DEMO_PAGE_ID}`;
  const fallbackForm = commentFormHtml({
    action: `${publicUrl}/api/v1/sites/${DEMO_SITE}/comments`,
    pageId: DEMO_PAGE_ID,
    pageUrl,
    pageTitle: article.title,
    idPrefix: '',
    strings: stringsFor('en'),
    withCookieConsent: false,
  });
  const e = escapeHtml;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(article.title)} – ${e(article.siteName)}</title>
<link rel="canonical" href="${e(pageUrl)}">
<link rel="stylesheet" href="/demo/demo.css">
<link rel="stylesheet" href="${e(embedStyles)}">
${FAVICON_LINK}
</head>
<body>
<header class="site-header">
<div class="wrap">
<a class="site-title" href="/demo">${e(article.siteName)}</a>
<p class="site-description">Semiconductors, trade and technology</p>
</div>
</header>
<main class="wrap">
<article class="post">
<header class="entry-header">
<p class="entry-category">World</p>
<h1 class="entry-title">${e(article.title)}</h1>
<p class="entry-meta">By <span class="entry-author">${e(article.author)}</span> · <a href="#comments"><span data-parley-count="${DEMO_PAGE_ID}" data-parley-site="${DEMO_SITE}">Comments</span></a></p>
</header>
<div class="entry-content">
${article.paragraphs.map((paragraph) => `<p>${e(paragraph)}</p>`).join('\n')}
</div>
<aside class="author-box" aria-label="About the author">
<h2 class="author-name">${e(article.author)}</h2>
<p>${e(article.authorBio)}</p>
</aside>
</article>
<section id="comments" class="comments-area">
<div id="parley" data-site="${DEMO_SITE}" data-page-id="${DEMO_PAGE_ID}" data-page-title="${e(article.title)}" class="parley">
${fallbackForm}
</div>
</section>
</main>
<footer class="site-footer">
<div class="wrap">This is Parley's demo page. Comments posted here wait for a moderator before they are published.</div>
</footer>
<script src="/embed.js" async></script>
</body>
</html>
`;
}
