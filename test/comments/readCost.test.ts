// What a thread read asks of the database, whatever the size of the thread: the site and
// page by _id, one query for a page of top-level comments (limited to the page size), and
// one for their replies. On MongoDB these run on the thread indexes; FerretDB 1.24 scans
// for any filter but _id (see docs/benchmarks.md), which is why this is checked by shape.
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

useTestDatabase();

interface Query {
  collection: string;
  method: string;
  filter: Record<string, unknown>;
  options: Record<string, unknown>;
}

async function queriesDuring(action: () => Promise<unknown>): Promise<Query[]> {
  const queries: Query[] = [];
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    queries.push({
      collection,
      method,
      filter: (args[0] ?? {}) as Record<string, unknown>,
      options: (args[args.length - 1] ?? {}) as Record<string, unknown>,
    });
  });
  try {
    await action();
  } finally {
    mongoose.set('debug', false);
  }
  return queries;
}

it('reads a page of a thread with a fixed number of bounded queries, whatever its size', async () => {
  const { app } = buildTestApp();
  const site = await buildSite({ settings: { perPage: 3 } });
  for (const pageId of ['/short', '/long']) {
    const topLevel = pageId === '/short' ? 3 : 40;
    for (let i = 0; i < topLevel; i++) {
      const top = await buildComment(site, { pageId });
      if (i < 3) await buildComment(site, { parent: top });
    }
  }

  const shapes = [];
  for (const pageId of ['/short', '/long']) {
    let body: { comments: unknown[] } = { comments: [] };
    const queries = await queriesDuring(async () => {
      const res = await request(app).get(`/api/v1/sites/${site.id}/comments?pageId=${pageId}`).expect(200);
      body = res.body;
    });
    expect(body.comments).toHaveLength(3);
    shapes.push(queries.map((query) => `${query.collection}.${query.method}`));
    const commentQueries = queries.filter((query) => query.collection === 'comments');
    expect(commentQueries).toHaveLength(2);
    const [topLevelQuery, repliesQuery] = commentQueries as [Query, Query];
    expect(topLevelQuery.filter).toMatchObject({ site: site.id, pageId, status: 'approved', depth: 0 });
    expect(topLevelQuery.options).toMatchObject({ limit: 3 });
    expect(repliesQuery.filter).toMatchObject({ status: 'approved', threadId: { $in: expect.any(Array) } });
    expect((repliesQuery.filter.threadId as { $in: unknown[] }).$in).toHaveLength(3);
    expect(repliesQuery.options).toMatchObject({ limit: 1000 });
    for (const query of queries.filter((q) => q.collection !== 'comments')) {
      expect(Object.keys(query.filter)).toEqual(['_id']);
    }
  }
  // The same queries for a thread of 3 and one of 40.
  expect(shapes[1]).toEqual(shapes[0]);

  const conditional = await queriesDuring(async () => {
    const first = await request(app).get(`/api/v1/sites/${site.id}/comments?pageId=/long`);
    await request(app)
      .get(`/api/v1/sites/${site.id}/comments?pageId=/long`)
      .set('If-None-Match', first.headers.etag as string)
      .expect(304);
  });
  // The 304 read after the full one: the site and the page, both by _id, and no comments.
  const last = conditional.slice(-2);
  expect(last.map((query) => query.collection).sort()).toEqual(['pages', 'sites']);
});
