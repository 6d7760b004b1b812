// GET /: what Parley is and where to go, as a plain HTML page under the app-wide CSP. It
// links to the demo only where the demo exists, and never shows where data lives.
import request from 'supertest';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';

useTestDatabase();

const SECRETS = {
  DATA_DIR: '/srv/parley-private-data-dir',
  MONGODB_URI: 'mongodb://parley:db-password-xyz@db.internal.example:27017/parley',
  METRICS_TOKEN: 'metrics-token-0123456789',
};

function linksOf(html: string): string[] {
  return Array.from(html.matchAll(/<a href="([^"]+)"/g), (match) => match[1] as string);
}

function expectNothingPrivate(html: string): void {
  for (const value of Object.values(SECRETS)) expect(html).not.toContain(value);
  expect(html).not.toMatch(/db\.internal|db-password|private-data/);
  // No version of Parley, Node or a dependency.
  expect(html).not.toMatch(/\d+\.\d+\.\d+/);
}

describe.each([
  ['development', ['/demo', '/moderate', '/docs', '/api/v1/openapi.json', '/healthz', '/readyz']],
  ['production', ['/moderate', '/docs', '/api/v1/openapi.json', '/healthz', '/readyz']],
] as const)('GET / in %s', (nodeEnv, links) => {
  const { app } = buildTestApp({ config: { NODE_ENV: nodeEnv, ...SECRETS } });

  it('is an HTML page with what Parley is and its links', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toMatch(/^<!doctype html>/);
    expect(res.text).toContain('<h1>Parley</h1>');
    expect(res.text).toContain('self-hosted comment service');
    expect(linksOf(res.text)).toEqual(links);
    expectNothingPrivate(res.text);
  });

  it('runs under the app-wide CSP, with nothing inline', async () => {
    const res = await request(app).get('/').expect(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).not.toMatch(/<script|<style| style=| on[a-z]+=/i);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(res.text)?.[1] as string;
    const css = await request(app).get(stylesheet).expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('.links');
  });
});

it('links only to pages that answer (the API docs come with the OpenAPI work)', async () => {
  const { app } = buildTestApp({ config: { NODE_ENV: 'development' } });
  const links = linksOf((await request(app).get('/').expect(200)).text);
  for (const href of links.filter((link) => link !== '/docs' && link !== '/api/v1/openapi.json')) {
    const res = await request(app).get(href);
    expect([href, res.status]).toEqual([href, 200]);
  }
});

it('has no demo in production, where the demo site does not exist', async () => {
  const { app } = buildTestApp({ config: { NODE_ENV: 'production' } });
  await request(app).get('/demo').expect(404);
  const res = await request(app).get('/').expect(200);
  expect(res.text).not.toMatch(/demo|npm start/i);
});
