// Parley's icon: a blue speech bubble with three white dots, drawn here at 16 and 32 pixels
// and served as /favicon.ico, which browsers ask for on every Parley page (the demo, the
// dashboard, the small form and unsubscribe pages link it too). Drawn from shapes, so there is
// no binary file to keep and no image tool to run.
import { type Request, type Response, Router } from 'express';
import { sendAsset, toAsset } from './staticAssets';

/** For the <head> of Parley's own pages. */
export const FAVICON_LINK = '<link rel="icon" href="/favicon.ico">';

const SIZES = [16, 32];
/** Samples per pixel side, for smooth edges. */
const SAMPLES = 4;
const BLUE = [0x22, 0x71, 0xb1] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

type Ink = 'blue' | 'white' | undefined;

function inRoundedRect(x: number, y: number, box: [number, number, number, number], radius: number) {
  const [left, top, right, bottom] = box;
  const dx = Math.max(left + radius - x, 0, x - (right - radius));
  const dy = Math.max(top + radius - y, 0, y - (bottom - radius));
  return x >= left && x <= right && y >= top && y <= bottom && dx * dx + dy * dy <= radius * radius;
}

type Point = [number, number];

function inTriangle(x: number, y: number, [a, b, c]: [Point, Point, Point]) {
  const side = (p: Point, q: Point) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const [ab, bc, ca] = [side(a, b), side(b, c), side(c, a)];
  return (ab >= 0 && bc >= 0 && ca >= 0) || (ab <= 0 && bc <= 0 && ca <= 0);
}

/** What covers a point of the design, on a 32×32 grid. */
function inkAt(x: number, y: number): Ink {
  for (const dotX of [10, 16, 22]) if ((x - dotX) ** 2 + (y - 13.5) ** 2 <= 2.4 ** 2) return 'white';
  if (inRoundedRect(x, y, [2, 4, 30, 23], 6)) return 'blue';
  if (
    inTriangle(x, y, [
      [7, 21],
      [15, 21],
      [6, 29],
    ])
  )
    return 'blue';
  return undefined;
}

/** One size as straight-alpha BGRA rows, bottom row first (as a BMP stores them). */
function drawPixels(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const scale = 32 / size;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      let blue = 0;
      let white = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const ink = inkAt((column + (sx + 0.5) / SAMPLES) * scale, (row + (sy + 0.5) / SAMPLES) * scale);
          if (ink === 'blue') blue++;
          else if (ink === 'white') white++;
        }
      }
      const covered = blue + white;
      if (covered === 0) continue;
      const at = ((size - 1 - row) * size + column) * 4;
      const mix = (channel: 0 | 1 | 2) =>
        Math.round((blue * BLUE[channel] + white * WHITE[channel]) / covered);
      pixels.set([mix(2), mix(1), mix(0), Math.round((255 * covered) / (SAMPLES * SAMPLES))], at);
    }
  }
  return pixels;
}

/** A BMP image for an ICO: header, pixels, then the 1-bit mask (set where fully clear). */
function bmpImage(size: number): Buffer {
  const pixels = drawPixels(size);
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (pixels[(row * size + column) * 4 + 3] === 0) {
        const at = row * maskRow + (column >> 3);
        mask[at] = (mask[at] ?? 0) | (0x80 >> (column & 7));
      }
    }
  }
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  // An ICO's BMP counts the mask's rows in its height.
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + mask.length, 20);
  return Buffer.concat([header, pixels, mask]);
}

export function drawFavicon(): Buffer {
  const images = SIZES.map(bmpImage);
  const directory = Buffer.alloc(6 + 16 * images.length);
  directory.writeUInt16LE(1, 2);
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach((image, i) => {
    const entry = 6 + 16 * i;
    const size = SIZES[i] ?? 0;
    directory.writeUInt8(size, entry);
    directory.writeUInt8(size, entry + 1);
    directory.writeUInt16LE(1, entry + 4);
    directory.writeUInt16LE(32, entry + 6);
    directory.writeUInt32LE(image.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([directory, ...images]);
}

export function createFaviconRouter(): Router {
  const router = Router();
  let icon: ReturnType<typeof toAsset> | undefined;
  router.get('/favicon.ico', (req: Request, res: Response) => {
    icon ??= toAsset('favicon.ico', 'image/x-icon', drawFavicon());
    sendAsset(req, res, icon, 'public, max-age=86400');
  });
  return router;
}
