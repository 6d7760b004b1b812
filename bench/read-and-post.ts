// Benchmarks the public comment API on loopback with autocannon, against the database in
// MONGODB_URI (FerretDB or MongoDB), and writes the figures as a markdown table.
//
//   MONGODB_URI=$(scripts/ferretdb.sh start) npm run bench
//
// It measures what the API promises: a thread read costs the same whether the page has
// a hundred comments or ten thousand (it depends on the page size asked for), a conditional
// read (304) costs one page lookup, and how many comments per second can be posted.
// The table goes to BENCH_OUT (bench/last-run.md); docs/benchmarks.md keeps the runs we report.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import autocannon from 'autocannon';
import mongoose, { Types } from 'mongoose';
import { createApp } from '../src/app';
import { systemClock } from '../src/clock';
import { CommentModel } from '../src/comments/comment.model';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { PageModel, pageKey } from '../src/pages/page.model';
import { createEmailVault } from '../src/privacy/emailVault';
import { createSite } from '../src/sites/site.model';
import { rebuildThread } from '../src/threads/thread.rebuild';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const SITE = 'bench';
const ORIGIN = 'https://bench.example';

const vault = createEmailVault(Buffer.alloc(32, 3));

/** Inserts `count` approved top-level comments, each with `repliesEach` approved replies. */
async function seedPage(pageId: string, count: number, repliesEach: number): Promise<void> {
  const start = Date.UTC(2026, 0, 1);
  const docs = [];
  let n = 0;
  const base = (createdAt: Date) => ({
    site: SITE,
    pageId,
    author: `Reader ${n}`,
    avatarSeed: vault.avatarSeed(String(n)),
    content: `<p>Comment number ${n} on a busy article.</p>`,
    rawContent: `Comment number ${n} on a busy article.`,
    status: 'approved',
    reasons: [],
    notifyReplies: false,
    emailSealed: vault.encrypt(`reader${n}@example.org`),
    emailHash: vault.hash(`reader${n}@example.org`),
    request: { ip: '198.51.100.1' },
    createdAt,
    updatedAt: createdAt,
  });
  for (let i = 0; i < count; i++) {
    const id = new Types.ObjectId();
    const createdAt = new Date(start + ++n * 1000);
    docs.push({ ...base(createdAt), _id: id, parentId: null, ancestorIds: [], threadId: id, depth: 0 });
    for (let r = 0; r < repliesEach; r++) {
      const replyAt = new Date(start + ++n * 1000);
      docs.push({
        ...base(replyAt),
        _id: new Types.ObjectId(),
        parentId: id,
        ancestorIds: [id],
        threadId: id,
        depth: 1,
      });
    }
  }
  for (let i = 0; i < docs.length; i += 1000) await CommentModel.insertMany(docs.slice(i, i + 1000));
  await PageModel.create({
    _id: pageKey(SITE, pageId),
    site: SITE,
    pageId,
    url: `${ORIGIN}${pageId}`,
    createdAt: new Date(start),
  });
  await rebuildThread(SITE, pageId);
}

interface Figure {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  statuses: string;
}

async function measure(name: string, options: autocannon.Options): Promise<Figure> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  const statusCodes =
    (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const figure = {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: Object.entries(statusCodes)
      .map(([status, { count }]) => `${status}×${count}`)
      .join(' '),
  };
  process.stdout.write(`${JSON.stringify(figure)}\n`);
  return figure;
}

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('set MONGODB_URI (for example: MONGODB_URI=$(scripts/ferretdb.sh start))');
  await mongoose.connect(uri, { dbName: `parley_bench_${Date.now()}` });
  await Promise.all([CommentModel.init(), PageModel.init()]);

  const config = loadConfig({
    NODE_ENV: 'test',
    EMAIL_KEY: Buffer.alloc(32, 3).toString('base64'),
    PUBLIC_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'silent',
    TRUST_PROXY: 'true',
    WORKER_ENABLED: 'false',
  });
  const app = createApp({ config, log: createLogger({ level: 'silent' }), clock: systemClock, vault });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await createSite({ id: SITE, name: 'Bench', url: `${ORIGIN}/`, allowedOrigins: [ORIGIN] }, new Date());
  const read = (pageId: string) => `${base}/api/v1/sites/${SITE}/comments?pageId=${pageId}&perPage=50`;
  const readRows = async (total: string) => [
    await measure(`thread read, page of 100 comments; ${total} comments in the database`, {
      url: read('/small'),
    }),
    await measure(`thread read, page of 1,000 comments (50 top-level + replies); ${total} in the database`, {
      url: read('/large'),
    }),
  ];

  process.stdout.write('seeding 1,100 comments...\n');
  await seedPage('/small', 100, 0);
  await seedPage('/large', 250, 3);
  const figures = await readRows('1,100');

  process.stdout.write('seeding 9,000 more on another page...\n');
  await seedPage('/busy', 3000, 2);
  figures.push(...(await readRows('10,100')));
  const etag = (await fetch(read('/large'))).headers.get('etag') ?? '';
  figures.push(
    await measure('conditional thread read answered 304; 10,100 in the database', {
      url: read('/large'),
      headers: { 'if-none-match': etag },
    }),
    await measure('counts for 21 pages', {
      url: `${base}/api/v1/sites/${SITE}/counts?${Array.from({ length: 20 }, (_, i) => `pageId=/p${i}`).join('&')}&pageId=/large`,
    }),
  );
  let posted = 0;
  figures.push(
    await measure('post a comment (JSON, each from its own IP and email)', {
      url: `${base}/api/v1/sites/${SITE}/comments`,
      method: 'POST',
      setupClient: (client) => {
        client.setHeaders({ 'content-type': 'application/json' });
      },
      requests: [
        {
          setupRequest: (request) => {
            posted++;
            return {
              ...request,
              // A documentation-range address per post, so the flood check sees distinct readers.
              headers: { ...request.headers, 'x-forwarded-for': `2001:db8::${posted.toString(16)}` },
              body: JSON.stringify({
                pageId: '/post-bench',
                author: `Poster ${posted}`,
                email: `poster${posted}@example.org`,
                content: `Benchmark comment ${posted}, with a few words.`,
              }),
            };
          },
        },
      ],
    }),
  );

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const rows = figures.map(
    (f) => `| ${f.name} | ${f.requestsPerSecond} | ${f.p50} | ${f.p99} | ${f.statuses} |`,
  );
  const doc = `## ${process.env.BENCH_DATABASE ?? 'FerretDB 1.24.2 on SQLite'}

\`npm run bench\` (bench/read-and-post.ts): autocannon on loopback, ${CONNECTIONS} connections, ${DURATION_S} s per
row, app and database on one machine (${os.cpus().length} × ${cpu}, Node ${process.version}), logging off,
${new Date().toISOString().slice(0, 10)}.

| what | requests/s | p50 ms | p99 ms | answers |
| --- | ---: | ---: | ---: | --- |
${rows.join('\n')}
`;
  const out = process.env.BENCH_OUT ?? 'bench/last-run.md';
  writeFileSync(out, doc);
  process.stdout.write(`wrote ${out}\n`);
  server.close();
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).message}\n`);
  process.exit(1);
});
