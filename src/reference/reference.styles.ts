// Parley's own rules over Swagger UI's stylesheet, served after it on /docs: colours that reach
// WCAG AA contrast (4.5:1 for text) where Swagger UI's do not (the white method badges on
// light greens and oranges, the version stamps, the grey "query"/"header" labels and the link
// to the document), code examples that wrap instead of scrolling in a box the keyboard cannot
// reach, and no motion for readers who ask for less. test/browser/pagesAccessibility.test.ts
// runs axe on the page.
export const REFERENCE_STYLES = `.swagger-ui .opblock .opblock-summary-method { text-shadow: none; color: #fff; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #0b6bcb; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #0a7a47; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #a35200; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #006d74; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #c62828; }
.swagger-ui .opblock.opblock-head .opblock-summary-method { background: #7d3fc8; }
.swagger-ui .opblock.opblock-options .opblock-summary-method { background: #0d5aa7; }
.swagger-ui .info .title small { background: #50575e; }
.swagger-ui .info .title small.version-stamp { background: #1e6b32; }
.swagger-ui .info a { color: #0b5cad; }
.swagger-ui .btn.authorize { border-color: #0a7a47; color: #0a7a47; }
.swagger-ui .btn.authorize svg { color: #0a7a47; }
.swagger-ui .parameter__in,
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #50575e; }
.swagger-ui .highlight-code > .microlight { max-height: none; overflow-y: visible; }
@media (prefers-reduced-motion: reduce) {
  .swagger-ui *, .swagger-ui *::before, .swagger-ui *::after {
    transition: none !important;
    animation: none !important;
  }
}
`;
