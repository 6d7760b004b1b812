// /favicon.ico: Parley's own icon (src/http/favicon.ts), a valid ICO with a 16 and a 32 pixel
// image, cached and revalidated like the other static files, and linked from Parley's pages.
import request from 'supertest';
import { FAVICON_LINK } from '../../src/http/favicon';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';

// The form post looks its site up.
useTestDatabase();

const { app } = buildTestApp();

interface IcoImage {
  size: number;
  /** BGRA of the pixel at (x, y), counted from the top left. */
  pixel(x: number, y: number): number[];
  /** True when the 1-bit mask marks the pixel clear. */
  isMasked(x: number, y: number): boolean;
}

/** Reads an ICO of 32-bit BMP images, checking every header and length on the way. */
function readIco(body: Buffer): IcoImage[] {
  expect([body.readUInt16LE(0), body.readUInt16LE(2)]).toEqual([0, 1]);
  const count = body.readUInt16LE(4);
  const images: IcoImage[] = [];
  let end = 6 + 16 * count;
  for (let i = 0; i < count; i++) {
    const entry = 6 + 16 * i;
    const size = body.readUInt8(entry);
    expect([body.readUInt8(entry + 1), body.readUInt16LE(entry + 6)]).toEqual([size, 32]);
    const offset = body.readUInt32LE(entry + 12);
    // Images follow the directory back to back.
    expect(offset).toBe(end);
    end = offset + body.readUInt32LE(entry + 8);
    const bmp = body.subarray(offset, end);
    const header = [bmp.readUInt32LE(0), bmp.readInt32LE(4), bmp.readInt32LE(8), bmp.readUInt16LE(14)];
    expect(header).toEqual([40, size, size * 2, 32]);
    const maskRow = Math.ceil(size / 32) * 4;
    expect(bmp.length).toBe(40 + size * size * 4 + maskRow * size);
    const row = (y: number) => size - 1 - y;
    images.push({
      size,
      pixel: (x: number, y: number) => [...bmp.subarray(40 + (row(y) * size + x) * 4).subarray(0, 4)],
      isMasked: (x: number, y: number) =>
        ((bmp[40 + size * size * 4 + row(y) * maskRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0,
    });
  }
  // The last image ends the file.
  expect(end).toBe(body.length);
  return images;
}

describe('GET /favicon.ico', () => {
  it('serves Parley’s icon at 16 and 32 pixels: a blue bubble with white dots on clear', async () => {
    const res = await request(app).get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    const images = readIco(res.body as Buffer);
    expect(images.map((image) => image.size)).toEqual([16, 32]);
    const large = images[1] as IcoImage;
    expect(large.pixel(0, 0)).toEqual([0, 0, 0, 0]);
    expect(large.isMasked(0, 0)).toBe(true);
    // The bubble's body (#2271b1, opaque), and the middle dot (white).
    expect(large.pixel(4, 18)).toEqual([0xb1, 0x71, 0x22, 255]);
    expect(large.isMasked(4, 18)).toBe(false);
    expect(large.pixel(16, 13)).toEqual([255, 255, 255, 255]);
  });

  it('is revalidated by its ETag, gzipped on request, and served in production too', async () => {
    const first = await request(app).get('/favicon.ico');
    const again = await request(app)
      .get('/favicon.ico')
      .set('If-None-Match', first.headers.etag as string);
    expect(again.status).toBe(304);
    const gzipped = await request(app).get('/favicon.ico').set('Accept-Encoding', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const production = buildTestApp({ config: { NODE_ENV: 'production' } });
    expect((await request(production.app).get('/favicon.ico')).status).toBe(200);
  });

  it('is linked from the demo article, the dashboard, and the small form and unsubscribe pages', async () => {
    const formError = await request(app)
      .post('/api/v1/sites/nowhere/comments')
      .type('form')
      .set('Accept', 'text/html')
      .send({ comment: 'Hi' });
    expect(formError.status).toBe(404);
    const pages = [
      (await request(app).get('/demo')).text,
      (await request(app).get('/moderate')).text,
      formError.text,
      (await request(app).get('/unsubscribe?token=not-a-token')).text,
    ];
    for (const html of pages) {
      expect(html).toMatch(/<\/title>/);
      expect(html).toContain(FAVICON_LINK);
    }
  });
});
