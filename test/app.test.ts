import request from 'supertest';
import { buildTestApp } from './helpers/app';
import { useTestDatabase } from './helpers/db';

useTestDatabase();

describe('content security policy', () => {
  it('asks browsers to upgrade insecure requests only when Parley is served over https', async () => {
    const plain = await request(buildTestApp({ config: { PUBLIC_URL: 'http://192.0.2.2:3000' } }).app).get(
      '/healthz',
    );
    expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const tls = await request(buildTestApp({ config: { PUBLIC_URL: 'https://comments.example' } }).app).get(
      '/healthz',
    );
    expect(tls.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});

describe('app skeleton', () => {
  const { app } = buildTestApp();

  it('answers /healthz and /readyz while the database is up', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app).get('/readyz').expect(200, { status: 'ok' });
  });

  it('answers an unknown route with a 404 JSON error', async () => {
    const res = await request(app).get('/no/such/place').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answers malformed JSON with 400 invalid_json and no stack trace', async () => {
    const res = await request(app).post('/healthz').set('Content-Type', 'application/json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
    expect(res.text).not.toMatch(/at .*\.js|SyntaxError/);
  });

  it('answers an oversize body with 413 payload_too_large', async () => {
    const big = JSON.stringify({ content: 'x'.repeat(101 * 1024) });
    const res = await request(app).post('/healthz').set('Content-Type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await request(app).post('/healthz').set('Content-Type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('sets helmet security headers and a request id', async () => {
    const res = await request(app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-request-id']).toMatch(/.+/);
  });
});
