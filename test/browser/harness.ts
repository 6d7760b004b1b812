// Runs the real Parley app on a free port (PUBLIC_URL matching, so the demo site's origin is
// the page's) and Debian's Chromium through playwright-core, for the reader-side browser tests.
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { LiveStreams } from '../../src/live/streams';
import { ensureDemoSite, findSite, type Site } from '../../src/sites/site.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock, type TestClock } from '../helpers/clock';

export const ARTIFACTS_DIR = path.join(__dirname, '..', '..', 'test-artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export interface RunningParley {
  baseUrl: string;
  clock: TestClock;
  /** The app's live thread streams (src/live/). */
  live: LiveStreams;
  close(): Promise<void>;
}

/**
 * `pages` are extra HTML pages served on the same origin, standing in for an embedding site;
 * each is found by its path, whatever the query.
 */
export async function startParley(pages: Record<string, string> = {}): Promise<RunningParley> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clock = createTestClock();
  const { app, live } = buildTestApp({ clock, config: { PUBLIC_URL: baseUrl } });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const html = req.url ? pages[req.url.split('?')[0] ?? ''] : undefined;
    if (html === undefined) return app(req, res);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  return {
    baseUrl,
    clock,
    live,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, name), fullPage: true });
}

export interface ParleyInBrowser {
  parley(): RunningParley;
  browser(): Browser;
}

export interface DemoInBrowser extends ParleyInBrowser {
  /** The demo site, made again before each test (the database is emptied before each). */
  site(): Site;
}

export interface ParleyInBrowserOptions {
  /** Extra HTML pages served on Parley's origin, as `startParley(pages)` serves them. */
  pages?: Record<string, string>;
}

/** The value a hook set, or an error saying which hook sets it. */
function started<T>(value: T | undefined, notYet: string): T {
  if (value === undefined) throw new Error(notYet);
  return value;
}

/** Parley and Chromium for a test file: started before its tests, closed after them. */
export function useParleyInBrowser({ pages = {} }: ParleyInBrowserOptions = {}): ParleyInBrowser {
  let parley: RunningParley | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [parley, browser] = await Promise.all([startParley(pages), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await parley?.close();
  });
  return {
    parley: () => started(parley, 'Parley starts in beforeAll'),
    browser: () => started(browser, 'the browser starts in beforeAll'),
  };
}

/**
 * The demo site, made on this Parley before each test (the database is emptied before each);
 * call it after `useTestDatabase()`. A file's own beforeEach declared after it runs after it.
 */
export function useDemoSite(parley: () => RunningParley): () => Site {
  let site: Site | undefined;
  beforeEach(async () => {
    const running = parley();
    await ensureDemoSite(running.baseUrl, running.clock.now());
    site = await findSite('demo');
  });
  return () => started(site, 'the demo site is made in beforeEach');
}

/** Parley and Chromium for a test file's reader tests on /demo, with the demo site before each test. */
export function useDemoInBrowser(options: ParleyInBrowserOptions = {}): DemoInBrowser {
  const running = useParleyInBrowser(options);
  return { ...running, site: useDemoSite(running.parley) };
}
