// Small helpers shared by the email templates: comment HTML to plain text, quoting, and
// the HTML frame. Everything not already sanitised comment HTML is escaped here.
import { escapeHtml } from '../comments/formResponse';

export { escapeHtml };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** A sanitised comment (src/comments/sanitize.ts) as plain text: paragraphs and line breaks kept, links as "text (url)". */
export function commentToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_all, href: string, label: string) =>
        label.replace(/<[^>]*>/g, '') === href ? href : `${label} (${href})`,
      )
      .replace(/<br\s*\/?>\n?/gi, '\n')
      .replace(/<\/(p|blockquote)>\n?/gi, '\n\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

export function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** A minimal HTML email around `body` (already escaped or sanitised). */
export function htmlFrame(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em;">
${body}
</body>
</html>`;
}

export const QUOTE_STYLE = 'margin: 0.5em 0; padding: 0 1em; border-left: 3px solid #ccc; color: #333;';
