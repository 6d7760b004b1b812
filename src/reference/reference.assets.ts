// The reference page's browser files: Swagger UI's own bundle and stylesheet, read from the
// swagger-ui-dist package (no CDN), and the few lines that start it, under content-hashed names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CSS, hashedAsset, JS, type StaticAsset } from '../http/staticAssets';
import { DOCUMENT_PATH } from './reference.openapi';
import { REFERENCE_STYLES } from './reference.styles';

export interface ReferenceAssets {
  bundle: StaticAsset;
  styles: StaticAsset;
  /** Parley's rules over Swagger UI's stylesheet (reference.styles.ts). */
  overrides: StaticAsset;
  start: StaticAsset;
}

// BaseLayout, not the standalone preset: the preset's top bar draws its logo with an inline
// <style>, which the app's CSP (style-src 'self') refuses. validatorUrl 'none' keeps the
// page from loading a badge from swagger.io. Swagger UI draws each operation's path as a link
// inside the button that opens the operation: a link in a button, which screen readers and
// keyboards cannot use apart (axe's nested-interactive). The plugin draws those paths as text;
// deep linking still works, since opening an operation puts it in the address, and the tag
// headings keep their links (their paths have no "/").
const START = `const plainOperationPaths = () => ({
  wrapComponents: {
    DeepLink: (Original, system) => (props) =>
      String(props.path).includes('/') ? props.text : system.React.createElement(Original, props),
  },
});
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(DOCUMENT_PATH)},
  dom_id: '#reference',
  layout: 'BaseLayout',
  deepLinking: true,
  validatorUrl: 'none',
  plugins: [plainOperationPaths],
});
`;

function readSwaggerUi(file: string): Buffer {
  return readFileSync(path.join(path.dirname(require.resolve('swagger-ui-dist/package.json')), file));
}

function loadReferenceAssets(): ReferenceAssets {
  return {
    bundle: hashedAsset('swagger-ui-bundle', JS, readSwaggerUi('swagger-ui-bundle.js')),
    styles: hashedAsset('swagger-ui', CSS, readSwaggerUi('swagger-ui.css')),
    overrides: hashedAsset('reference', CSS, Buffer.from(REFERENCE_STYLES)),
    start: hashedAsset('reference', JS, Buffer.from(START)),
  };
}

let loaded: ReferenceAssets | undefined;

/** Read (and gzipped) on first use, once per process. */
export function getReferenceAssets(): ReferenceAssets {
  loaded ??= loadReferenceAssets();
  return loaded;
}
