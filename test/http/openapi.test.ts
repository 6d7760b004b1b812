// The API reference cannot drift from the app: every route the app mounts is in the document
// (or is a page or a file, named below), with the request schema it validates with, the
// guards it runs and the errors those raise; and the document is valid OpenAPI 3.1.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { requireUser } from '../../src/auth';
import { requestSchemaOf } from '../../src/http/validate';
import { API_OPERATIONS, createApiDocument, errorsOf, openApiPath } from '../../src/reference/document';
import { validatedSchemaOf } from '../../src/reference/operation';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { type MountedRoute, mountedRoutes } from '../helpers/mountedRoutes';

useTestDatabase();

// Routes that are not part of the API: pages people open and the files those pages load.
const NOT_IN_REFERENCE = new Set([
  // Pages and their files, not the API: the home page (mounted at the root, so its path walks
  // as ''), its stylesheet, the favicon, the embed, the dashboard, the demo and this reference.
  'get ',
  'get /home.css',
  'get /favicon.ico',
  'get /embed.js',
  'get /embed/:file',
  'get /moderate',
  'get /moderate/assets/:file',
  'get /demo',
  'get /demo/demo.css',
  'get /docs',
  'get /docs/assets/:file',
]);

const { app } = buildTestApp();
const document = createApiDocument();
const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const mounted = mountedRoutes(app);
const apiRoutes = mounted.filter((route) => !NOT_IN_REFERENCE.has(key(route)));

type Operation = {
  security?: unknown[];
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

function documentedOperation(route: { method: string; path: string }): Operation | undefined {
  const item = (document.paths as Record<string, Record<string, Operation>>)[openApiPath(route.path)];
  return item?.[route.method];
}

/** The error codes the document lists for a route, by status. */
function documentedCodes(route: MountedRoute): Record<string, string[]> {
  const operation = documentedOperation(route);
  if (!operation) throw new Error(`${key(route)} is not in the document`);
  return Object.fromEntries(
    Object.entries(operation.responses)
      .filter(([status]) => Number(status) >= 400)
      .map(([status, response]) => [
        status,
        [...response.description.matchAll(/^- `([a-z_]+)`:/gm)].map((match) => match[1] as string),
      ]),
  );
}

function operationFor(route: MountedRoute) {
  const found = API_OPERATIONS.find((operation) => key(operation) === key(route));
  if (!found) throw new Error(`${key(route)} has no ApiOperation`);
  return found;
}

describe('the routes the app mounts', () => {
  it('finds the routers under their mount paths (the walk itself works)', () => {
    expect(mounted.map(key)).toEqual(
      expect.arrayContaining([
        'post /api/v1/sites/:site/comments',
        'post /api/v1/auth/login',
        'delete /api/v1/moderation/comments/:id',
        'post /unsubscribe',
        'get /healthz',
      ]),
    );
    expect(mounted.length).toBeGreaterThan(API_OPERATIONS.length);
  });

  it('are each in the document, and the document has no route the app lacks', () => {
    expect(apiRoutes.filter((route) => !documentedOperation(route)).map(key)).toEqual([]);
    expect(API_OPERATIONS.map(key).sort()).toEqual(apiRoutes.map(key).sort());
    const documented = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
      Object.keys(item as object).map((method) => `${method} ${route}`),
    );
    expect(documented.sort()).toEqual(
      apiRoutes.map((route) => `${route.method} ${openApiPath(route.path)}`).sort(),
    );
  });

  // A route missing from the document fails the test above; these check the documented ones.
  const described = apiRoutes.filter((route) =>
    API_OPERATIONS.some((operation) => key(operation) === key(route)),
  );
  describe.each(described.map((route) => [key(route), route] as const))('%s', (_name, route) => {
    const operation = operationFor(route);
    const codes = documentedCodes(route);

    it('is documented with the schema it validates with, and answers 422 when that fails', () => {
      const validating = route.handlers.map(requestSchemaOf).filter(Boolean);
      expect(validating.length).toBeLessThanOrEqual(1);
      expect(validatedSchemaOf(operation)).toBe(validating[0]);
      if (validating.length) expect(codes['422']).toContain('validation_failed');
    });

    it('lists the refusals of its guards', () => {
      const isGuarded = route.handlers.includes(requireUser);
      expect(operation.auth === 'user' || operation.auth === 'session').toBe(isGuarded);
      if (isGuarded) {
        expect(codes['401']).toContain('unauthorized');
        expect(documentedOperation(route)?.security).toEqual(expect.arrayContaining([{ session: [] }]));
        if (route.method !== 'get') expect(codes['403']).toContain('csrf_failed');
      }
      if (route.path.startsWith('/api/v1/sites/:site/')) expect(codes['404']).toContain('site_not_found');
    });

    it('lists the refusals of a request body', () => {
      if (!['post', 'put', 'patch'].includes(route.method)) return;
      expect(codes['400']).toContain('invalid_json');
      expect(codes['413']).toContain('payload_too_large');
      expect(codes['415']).toContain('unsupported_media_type');
    });

    it('gives every error its code and the error body', () => {
      expect(codes['500']).toEqual(['internal_error']);
      for (const [status, response] of Object.entries(documentedOperation(route)?.responses ?? {})) {
        // An answer the route gives on purpose (/readyz's 503) is not an error.
        if (Number(status) < 400 || Number(status) in operation.responses) continue;
        expect(codes[status]?.length).toBeGreaterThan(0);
        const json = response.content?.['application/json']?.schema;
        const html = response.content?.['text/html'];
        expect(json ? json : html).toBeDefined();
        if (json) expect(json).toEqual({ $ref: '#/components/schemas/Error' });
      }
    });
  });
});

describe('the document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validate = promisify(execFile)(process.execPath, [path.join(__dirname, 'validateOpenApi.mjs')]);
    validate.child.stdin?.end(JSON.stringify(document));
    const { stdout } = await validate;
    expect(JSON.parse(stdout)).toEqual({ valid: true, version: '3.1' });
  });

  it('refers only to components it has', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    const schemas = Object.keys(document.components?.schemas ?? {});
    expect(refs.length).toBeGreaterThan(0);
    expect(
      [...new Set(refs.map((match) => match[1]))].filter((name) => !schemas.includes(name as string)),
    ).toEqual([]);
  });

  it('lists only error codes Parley raises', () => {
    const root = path.join(__dirname, '..', '..', 'src');
    const sources = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter(
        (file) => file.endsWith('.ts') && !file.endsWith('.openapi.ts') && !file.startsWith('reference'),
      )
      .map((file) => readFileSync(path.join(root, file), 'utf8'))
      .join('\n');
    const codes = new Set(
      API_OPERATIONS.flatMap((operation) => errorsOf(operation).map((error) => error.code)),
    );
    expect([...codes].filter((code) => !sources.includes(`'${code}'`))).toEqual([]);
  });

  it('has every route that README.md and the guides in docs/ name', () => {
    const root = path.join(__dirname, '..', '..');
    const files = ['README.md', ...readdirSync(path.join(root, 'docs')).map((file) => `docs/${file}`)];
    const named = files.flatMap((file) =>
      [
        ...readFileSync(path.join(root, file), 'utf8').matchAll(
          /\b(GET|POST|PATCH|PUT|DELETE) (\/[^\s`?)]*)/g,
        ),
      ].map((match) => `${match[1]?.toLowerCase()} ${match[2]}`),
    );
    const documented = new Set(
      Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
        Object.keys(item as object).map((method) => `${method} ${route}`),
      ),
    );
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('is served at /api/v1/openapi.json, to any origin, with an ETag', async () => {
    const res = await request(app).get('/api/v1/openapi.json').expect(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(document)));
    expect(res.headers['access-control-allow-origin']).toBe('*');
    await request(app)
      .get('/api/v1/openapi.json')
      .set('If-None-Match', res.headers.etag as string)
      .expect(304);
  });
});

describe('/docs', () => {
  it('is a page that loads only files of its own origin, and they are served', async () => {
    const page = await request(app).get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = page.headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(page.text).not.toMatch(/\sstyle=|<style/);
    const linked = [...page.text.matchAll(/<(?:script|link)\b[^>]*\s(?:src|href)="([^"]+)"/g)].map(
      (match) => match[1] as string,
    );
    // The favicon every page links (test/http/favicon.test.ts), then the reference's own four:
    // Swagger UI's stylesheet and bundle, Parley's rules over that stylesheet, the start script.
    expect(linked).toContain('/favicon.ico');
    const loaded = linked.filter((url) => url !== '/favicon.ico');
    expect(loaded.length).toBe(4);
    for (const url of loaded) {
      expect(url).toMatch(/^\/docs\/assets\/[\w.-]+$/);
      const asset = await request(app).get(url).expect(200);
      expect(asset.headers['content-type']).toMatch(
        url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
    }
    const start = loaded.find((url) => /^\/docs\/assets\/reference\.\w+\.js$/.test(url)) as string;
    expect((await request(app).get(start)).text).toContain('"/api/v1/openapi.json"');
  });

  it('answers an unknown asset with a 404', async () => {
    await request(app).get('/docs/assets/swagger-ui-bundle.0000.js').expect(404);
  });

  it('and the document are served in production too', async () => {
    const production = buildTestApp({ config: { NODE_ENV: 'production' } }).app;
    await request(production).get('/docs').expect(200);
    await request(production).get('/api/v1/openapi.json').expect(200);
  });
});
