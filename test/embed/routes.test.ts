// How Parley serves the embed: a short-cached loader, long-cached hashed files, loadable
// from any site.
import request from 'supertest';
import { getEmbedAssets } from '../../src/embed/embed.assets';
import { buildTestApp } from '../helpers/app';

const { app } = buildTestApp();

describe('GET /embed.js', () => {
  it('is a short-cached loader that points at the current hashed bundle and stylesheet', async () => {
    const res = await request(app).get('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const { bundle, styles } = getEmbedAssets();
    expect(res.text).toContain(`embed/${bundle.name}`);
    expect(res.text).toContain(`embed/${styles.name}`);
  });

  it('answers 304 to a matching If-None-Match, and gzip to a browser that takes it', async () => {
    const first = await request(app).get('/embed.js');
    const again = await request(app).get('/embed.js').set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const gzipped = await request(app).get('/embed.js').set('Accept-Encoding', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toContain('Accept-Encoding');
    expect(gzipped.text).toBe(first.text);
    const plain = await request(app).get('/embed.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
  });
});

describe('GET /embed/embed.<hash>.js|css', () => {
  it('serves the bundle and stylesheet for a year, immutable', async () => {
    const { bundle, styles } = getEmbedAssets();
    const js = await request(app).get(`/embed/${bundle.name}`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(js.text).toBe(bundle.body.toString());
    const css = await request(app).get(`/embed/${styles.name}`);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('--parley-accent');
  });

  it('does not know other names, old hashes included', async () => {
    for (const name of [
      'embed.000000000000.js',
      'embed.js',
      'loader.js',
      'manifest.json',
      '..%2Fembed.routes.ts',
    ]) {
      const res = await request(app).get(`/embed/${name}`);
      expect(res.status).toBe(404);
      expect(res.headers['cache-control'] ?? '').not.toContain('immutable');
    }
  });
});
