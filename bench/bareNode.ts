// The bare-Node references: the warm read's bytes served by plain node:http (bare-node.cjs),
// measured with the same autocannon settings as the rows. "Same response" sends the warm
// read's headers too (the client parses about twenty of them: security headers, CORS, Vary,
// caching); "body only" sends just Content-Type and Content-Length.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../src/db/embedded';
import { type Figure, type LoadSettings, measure } from './load';
import { makeTempDir, ROOT, startChild } from './processes';

export interface WarmResponse {
  body: Buffer;
  /** As sent, but for what differs per request or per connection. */
  headers: Record<string, string>;
}

const PER_REQUEST = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'content-length']);

/** The warm read's response, as the reader app sends it to autocannon (no Accept-Encoding). */
export async function warmResponse(url: string): Promise<WarmResponse> {
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  if (res.headers.get('content-type') !== 'application/json; charset=utf-8') {
    throw new Error(`the warm read's Content-Type changed: ${res.headers.get('content-type')}`);
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!PER_REQUEST.has(name)) headers[name] = value;
  });
  return { body: Buffer.from(await res.arrayBuffer()), headers };
}

async function measureServer(name: string, env: Record<string, string>, settings: LoadSettings) {
  const port = await freePort();
  const server = startChild(process.execPath, [path.join(ROOT, 'bench', 'bare-node.cjs')], {
    ...env,
    PORT: String(port),
  });
  try {
    await server.waitForOutput('listening');
    return await measure(name, settings, { url: `http://127.0.0.1:${port}/`, expectStatus: 200 });
  } finally {
    await server.stop();
  }
}

export interface BareNodeFigures {
  sameResponse: Figure;
  bodyOnly: Figure;
}

export async function measureBareNode(
  response: WarmResponse,
  settings: LoadSettings,
): Promise<BareNodeFigures> {
  const dir = makeTempDir('body');
  const bodyFile = path.join(dir, 'thread.json');
  const headersFile = path.join(dir, 'headers.json');
  writeFileSync(bodyFile, response.body);
  writeFileSync(headersFile, JSON.stringify(response.headers));
  const sameResponse = await measureServer(
    'bare-Node reference, same response',
    { BODY_FILE: bodyFile, HEADERS_FILE: headersFile },
    settings,
  );
  const bodyOnly = await measureServer('bare-Node reference, body only', { BODY_FILE: bodyFile }, settings);
  return { sameResponse, bodyOnly };
}
