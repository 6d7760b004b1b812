// The small, plain HTML pages people reach from an email's link (unsubscribing, moderating
// from a notification): a title, a few paragraphs or a button, with the home page's stylesheet.
import { escapeHtml } from '../comments/formResponse';
import { HOME_STYLES_PATH } from '../home/home.page';
import { FAVICON_LINK } from './favicon';

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>${FAVICON_LINK}<link rel="stylesheet" href="${HOME_STYLES_PATH}"></head>
<body>
<main class="wrap">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}
