// /embed.js, the short-cached loader a site pastes: it adds the current content-hashed
// bundle and stylesheet (cached for a year), so a new Parley release reaches readers within
// minutes while the bundle itself is downloaded once.
declare const PARLEY_BUNDLE: string;
declare const PARLEY_STYLES: string;

(() => {
  const me = (document.currentScript ??
    document.querySelector('script[src*="embed.js"]')) as HTMLScriptElement;
  if (!me || document.querySelector('script[data-parley-bundle]')) return;
  const base = new URL('.', me.src);
  const styles = document.createElement('link');
  styles.rel = 'stylesheet';
  styles.href = new URL(PARLEY_STYLES, base).href;
  const bundle = document.createElement('script');
  bundle.src = new URL(PARLEY_BUNDLE, base).href;
  bundle.async = true;
  bundle.dataset.parleyBundle = '';
  if (me.dataset.parleySite) bundle.dataset.parleySite = me.dataset.parleySite;
  // A page may link the stylesheet itself, to style its plain form before (or without) the script.
  const links = Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'));
  if (!links.some((link) => link.href === styles.href)) document.head.append(styles);
  document.head.append(bundle);
})();
