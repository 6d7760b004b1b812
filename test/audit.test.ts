// scripts/audit.sh, the CI step that audits the production dependencies: it fails on a high
// advisory, passes when there is none, and says plainly when the registry cannot answer the
// audit endpoint. npm talks to a local server that speaks the registry's audit protocol.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..');
jest.setTimeout(120_000);

type Answer = { status: number; body: unknown };
let answer: Answer = { status: 200, body: {} };
let bulkRequests = 0;
const registry = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url?.includes('/-/npm/v1/security/advisories/bulk')) {
      bulkRequests += 1;
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
      return;
    }
    // Package documents (npm asks for them to say whether a fix exists): none here.
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{}');
  });
});

beforeAll(() => new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', () => resolve())));
afterAll(() => new Promise((resolve) => registry.close(resolve)));

async function audit(env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  const { port } = registry.address() as AddressInfo;
  try {
    const { stdout, stderr } = await promisify(execFile)('scripts/audit.sh', [], {
      cwd: ROOT,
      env: {
        ...process.env,
        npm_config_registry: `http://127.0.0.1:${port}/`,
        // A cache of its own each time: npm keeps audit answers, and each test changes them.
        npm_config_cache: mkdtempSync(path.join(os.tmpdir(), 'parley-audit-cache-')),
        ...env,
      },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const advisory = (severity: string) => ({
  express: [
    {
      id: 1,
      url: 'https://advisories.example/1',
      title: 'A made-up advisory',
      severity,
      vulnerable_versions: '<99.0.0',
      cwe: [],
      cvss: { score: 7.5, vectorString: null },
    },
  ],
});

it('fails on a high advisory in a production dependency, and names it', async () => {
  answer = { status: 200, body: advisory('high') };
  const result = await audit();
  expect(result.code).toBe(1);
  expect(result.output).toContain('A made-up advisory');
  expect(bulkRequests).toBeGreaterThan(0);
});

it('passes with no advisories, or only ones below high', async () => {
  answer = { status: 200, body: {} };
  expect((await audit()).code).toBe(0);
  answer = { status: 200, body: advisory('moderate') };
  expect((await audit()).code).toBe(0);
});

it('says so when the registry does not answer the audit endpoint; AUDIT_REQUIRED=true fails then', async () => {
  answer = { status: 405, body: {} };
  const lenient = await audit();
  expect(lenient.code).toBe(0);
  expect(lenient.output).toContain('no advisories were checked');
  expect((await audit({ AUDIT_REQUIRED: 'true' })).code).toBe(1);
});
