// embed.js: finds the comment sections (#parley, and every element with data-parley) and
// the count spans, and fills them. The loader (/embed.js) injects this bundle with the
// data-parley-site of its own script tag; Parley's address is where this bundle came from.
import './embed.css';
import {
  COMMENT_ID_PATTERN,
  MODERATION_HASH_PARAM,
  MODERATION_HASH_PATTERN,
  UNAPPROVED_PARAM,
} from '../../shared/heldComment';
import { fillCounts } from './counts';
import { type EmbedOptions, mountEmbed } from './embed';

const script = (document.currentScript ??
  document.querySelector('script[data-parley-bundle]')) as HTMLScriptElement | null;
// The bundle is served at BASE/embed/embed.HASH.js.
const base = new URL('../', script?.src ?? location.href).href;

const params = new URLSearchParams(location.search);
const heldId = params.get(UNAPPROVED_PARAM) ?? '';
const heldHash = params.get(MODERATION_HASH_PARAM) ?? '';
/** Back from a plain form post: the comment its return address names. */
const held =
  COMMENT_ID_PATTERN.test(heldId) && MODERATION_HASH_PATTERN.test(heldHash)
    ? { id: heldId, hash: heldHash }
    : undefined;

/** This page's address, without its #fragment and what a plain form post added to it. */
function pageAddress(): string {
  const url = new URL(location.href);
  url.hash = '';
  if (params.has(UNAPPROVED_PARAM) || params.has(MODERATION_HASH_PARAM)) {
    url.searchParams.delete(UNAPPROVED_PARAM);
    url.searchParams.delete(MODERATION_HASH_PARAM);
  }
  return url.href;
}

function optionsFor(root: HTMLElement): EmbedOptions | undefined {
  const data = root.dataset;
  const site = data.site ?? data.parleySite;
  if (!site) return undefined;
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  const pageUrl = data.pageUrl ?? canonical ?? pageAddress();
  return {
    held,
    base,
    site,
    pageId: data.pageId ?? new URL(canonical ?? location.href).pathname,
    pageUrl,
    pageTitle: data.pageTitle ?? document.title,
    lang: data.lang ?? root.closest('[lang]')?.getAttribute('lang') ?? 'en',
  };
}

function start() {
  let firstSite: string | undefined;
  for (const root of Array.from(document.querySelectorAll<HTMLElement>('#parley, [data-parley]'))) {
    const options = optionsFor(root);
    if (!options || root.dataset.parleyMounted !== undefined) continue;
    root.dataset.parleyMounted = '';
    firstSite ??= options.site;
    mountEmbed(root, options);
  }
  void fillCounts(base, script?.dataset.parleySite ?? firstSite);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
