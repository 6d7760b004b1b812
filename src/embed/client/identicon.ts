// Avatars drawn in the browser from the comment's avatar seed (an HMAC that cannot be turned
// back into an email), so no request leaves for a third party. Gravatar only when the site
// turned it on and the server sent its URL.
import type { Avatar } from '../../shared/publicComment';
import { h } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** A 5×5 mirrored pattern in one colour, as WordPress's "identicon" default avatar looks. */
export function identicon(seed: string): SVGElement {
  const hue = (Number.parseInt(seed.slice(0, 3), 16) || 0) % 360;
  const bits = Number.parseInt(seed.slice(3, 7), 16) || 0;
  const image = svg('svg', {
    class: 'avatar',
    viewBox: '-0.5 -0.5 6 6',
    width: 40,
    height: 40,
    'aria-hidden': 'true',
    'shape-rendering': 'crispEdges',
  });
  image.append(svg('rect', { x: -0.5, y: -0.5, width: 6, height: 6, fill: '#f0f0f1' }));
  for (let column = 0; column < 3; column++) {
    for (let row = 0; row < 5; row++) {
      if (!((bits >> (column * 5 + row)) & 1)) continue;
      for (const x of new Set([column, 4 - column])) {
        image.append(svg('rect', { x, y: row, width: 1, height: 1, fill: `hsl(${hue},55%,48%)` }));
      }
    }
  }
  return image;
}

export function avatar(source: Avatar): Element {
  if (source.kind === 'gravatar' && source.url?.startsWith('https://')) {
    return h('img', {
      class: 'avatar',
      src: source.url,
      alt: '',
      width: '40',
      height: '40',
      loading: 'lazy',
      referrerpolicy: 'no-referrer',
    });
  }
  return identicon(source.seed);
}
