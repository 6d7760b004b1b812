// GET /: what Parley is and where to go. Static and the same for every visitor: it names no
// data directory, database, dependency or version. Nothing inline, so the app-wide CSP holds.

import { FAVICON_LINK } from '../http/favicon';

export const HOME_STYLES_PATH = '/home.css';

interface HomeLink {
  href: string;
  label: string;
  about: string;
}

export function renderHomePage(options: { isProduction: boolean }): string {
  const links: HomeLink[] = [
    // The demo router is mounted outside production only (src/app.ts).
    ...(options.isProduction
      ? []
      : [
          {
            href: '/demo',
            label: 'Demo article',
            about: 'a sample news page with the comment section under it',
          },
        ]),
    {
      href: '/moderate',
      label: 'Moderation dashboard',
      about: 'where moderators log in and review comments',
    },
    { href: '/docs', label: 'API documentation', about: 'the public comment API and the moderation API' },
    { href: '/api/v1/openapi.json', label: 'OpenAPI document', about: 'the same API, for tools' },
    { href: '/healthz', label: 'Health', about: 'answers while the process runs' },
    { href: '/readyz', label: 'Readiness', about: 'answers once the database does' },
  ];
  const items = links
    .map((link) => `<li><a href="${link.href}">${link.label}</a>: ${link.about}.</li>`)
    .join('\n');
  const firstSteps = options.isProduction
    ? ''
    : `<p class="note">Running <code>npm start</code> in a terminal? It shows how to make the first moderator account.</p>
`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Parley</title>
${FAVICON_LINK}
<link rel="stylesheet" href="${HOME_STYLES_PATH}">
</head>
<body>
<main class="wrap">
<h1>Parley</h1>
<p class="lead">A self-hosted comment service. Readers reply under your pages, moderators approve
what is published, and commenters' email addresses are never shown.</p>
<ul class="links">
${items}
</ul>
${firstSteps}</main>
</body>
</html>
`;
}
