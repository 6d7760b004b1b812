// The HTML shell of /docs: Swagger UI's stylesheet and bundle, the script that points it at
// the document, and a container it fills. Nothing inline, so the app-wide CSP
// (script-src 'self', style-src 'self') holds.
import { FAVICON_LINK } from '../http/favicon';
import type { ReferenceAssets } from './reference.assets';
import { DOCUMENT_PATH } from './reference.openapi';

export const ASSETS_PATH = '/docs/assets';

export function renderReferencePage(assets: ReferenceAssets): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference – Parley</title>
${FAVICON_LINK}
<link rel="stylesheet" href="${ASSETS_PATH}/${assets.styles.name}">
<link rel="stylesheet" href="${ASSETS_PATH}/${assets.overrides.name}">
<script src="${ASSETS_PATH}/${assets.bundle.name}" defer></script>
<script src="${ASSETS_PATH}/${assets.start.name}" defer></script>
</head>
<body>
<main id="reference">
<noscript><p>The reference needs JavaScript. The document it shows is at <a href="${DOCUMENT_PATH}">${DOCUMENT_PATH}</a>.</p></noscript>
</main>
</body>
</html>
`;
}
