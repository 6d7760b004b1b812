// The HTML shell of /moderate: the hashed stylesheet and script, an empty main the script
// fills, and the live region it announces results in. Nothing inline, so the app-wide CSP
// (script-src 'self', script-src-attr 'none') holds.
import { FAVICON_LINK } from '../http/favicon';
import type { DashboardAssets } from './dashboard.assets';

export const ASSETS_PATH = '/moderate/assets';

export function renderDashboardPage(assets: DashboardAssets): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Moderate comments – Parley</title>
${FAVICON_LINK}
<link rel="stylesheet" href="${ASSETS_PATH}/${assets.styles.name}">
<script src="${ASSETS_PATH}/${assets.script.name}" defer></script>
</head>
<body>
<main id="parley-moderate" class="app" aria-busy="true">
<noscript><p class="notice">The moderation dashboard needs JavaScript.</p></noscript>
</main>
<div id="parley-announcer" class="announcer" role="status" aria-live="polite" aria-atomic="true"></div>
</body>
</html>
`;
}
