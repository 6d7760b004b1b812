// Turns what a reader typed into the HTML we store and show: WordPress's comment tags
// only, line breaks as <p> and <br>, links marked nofollow/ugc, and only http, https and
// mailto URLs.
import sanitizeHtml from 'sanitize-html';

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  abbr: ['title'],
  acronym: ['title'],
  b: [],
  blockquote: ['cite'],
  cite: [],
  code: [],
  del: ['datetime'],
  em: [],
  i: [],
  q: ['cite'],
  s: [],
  strike: [],
  strong: [],
  // Produced by our own line-break handling below.
  p: [],
  br: [],
};

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: Object.keys(ALLOWED_ATTRIBUTES),
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Whatever the author wrote, links leave with our rel.
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
};

/** Paragraphs on blank lines, <br> on single newlines, as WordPress's wpautop does for comments. */
function addParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${paragraph.trim().replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

export function sanitizeContent(text: string): string {
  // A block (blockquote) inside a paragraph splits it, leaving empty paragraphs behind.
  return sanitizeHtml(addParagraphs(text), OPTIONS)
    .replace(/<p>\s*<\/p>\n?/g, '')
    .trim();
}

/** The text a sanitised comment shows, without markup; for checks such as "is it empty". */
export function visibleText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).trim();
}
