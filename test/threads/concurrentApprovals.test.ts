// Fifty approvals on one page at once, from two processes: FerretDB applies updates
// non-atomically, so this is what the page lease in src/threads/thread.sync.ts is for. Every
// approved comment must be in the precomputed thread, and the thread must equal the one
// computed directly from the comments.
import { spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { findSite, type Site } from '../../src/sites/site.model';
import { computeThreadDirectly } from '../../src/threads/direct';
import { ThreadSyncMarkerModel } from '../../src/threads/thread.markers';
import { buildTestApp } from '../helpers/app';
import { uriForDatabase, useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

const database = useTestDatabase();
const ROOT = path.resolve(__dirname, '..', '..');
const PAGE = '/2026/01/busy';

function approveIn(ids: string[], startAt: number): Promise<{ approved: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['test/threads/approve.script.ts', ...ids],
      {
        cwd: ROOT,
        env: { ...process.env, MONGODB_URI: uriForDatabase(database.name), START_AT: String(startAt) },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout));
      else reject(new Error(`approve.script exited ${code}: ${stderr}`));
    });
  });
}

it('takes 50 approvals at once from two processes and shows all 50', async () => {
  const site = await buildSite({ settings: { perPage: 100, maxDepth: 5 } });
  const topLevel = [];
  for (let i = 0; i < 35; i++) topLevel.push(await buildComment(site, { pageId: PAGE, status: 'pending' }));
  const replies = [];
  for (let i = 0; i < 15; i++) {
    replies.push(await buildComment(site, { parent: topLevel[i * 2] as never, status: 'pending' }));
  }
  const ids = [...topLevel, ...replies].map((comment) => comment.id);
  const [even, odd] = [ids.filter((_, i) => i % 2 === 0), ids.filter((_, i) => i % 2 === 1)];

  // Both processes start approving at the same moment, once both are up.
  const startAt = Date.now() + 6000;
  const results = await Promise.all([approveIn(even, startAt), approveIn(odd, startAt)]);
  expect(results.map((result) => result.approved)).toEqual([25, 25]);

  const { app } = buildTestApp();
  const res = await request(app).get(`/api/v1/sites/${site.id}/comments?pageId=${PAGE}`).expect(200);
  expect(res.body.total).toBe(50);
  expect(res.body.topLevelTotal).toBe(35);
  const shown = new Set<string>();
  const collect = (nodes: Array<{ id: string; replies?: unknown[] }>) => {
    for (const node of nodes) {
      shown.add(node.id);
      collect((node.replies ?? []) as Array<{ id: string; replies?: unknown[] }>);
    }
  };
  collect(res.body.comments);
  expect([...shown].sort()).toEqual([...ids].sort());
  const current = (await findSite(site.id)) as Site;
  expect(res.body).toEqual(await computeThreadDirectly(current, { pageId: PAGE, sort: 'oldest', page: 1 }));
  expect(await ThreadSyncMarkerModel.countDocuments()).toBe(0);
}, 90_000);
