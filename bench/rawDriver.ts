// The raw-driver reference for posts: what the database alone allows. It captures every
// command one real post sends (a post through the real app, in this process, watched with the
// driver's command monitoring, as test/comments/readCost.test.ts does), then replays that
// sequence with the bare mongodb driver, no mongoose and no express, from as many concurrent
// loops as the load rows have connections. Each replay gets fresh ids for what the post
// created (the comment, its guards, queue items and records), so nothing collides.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandStartedEvent, Document } from 'mongodb';
import mongoose from 'mongoose';
import { createApp } from '../src/app';
import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createEmailVault } from '../src/privacy/emailVault';
import type { LoadSettings } from './load';
import { EMAIL_KEY, SITE } from './seed';

const { BSON, MongoClient, ObjectId } = mongoose.mongo;

const DATA_COMMANDS = new Set(['find', 'insert', 'update', 'delete', 'findAndModify', 'count', 'aggregate']);

export interface CapturedPost {
  commands: Document[];
  /** "collection.command" for each, in order: the report lists them. */
  shape: string[];
}

export interface PostBody {
  pageId: string;
  author: string;
  email: string;
  content: string;
}

/** The JSON body of the n-th benchmark post: its own author, email and content, so no guard refuses it. */
export function postBody(n: number, tag: string): PostBody {
  return {
    pageId: '/posts',
    author: `Poster ${tag}-${n}`,
    email: `poster-${tag}-${n}@example.org`,
    content: `Benchmark comment ${tag}-${n}, with a few words.`,
  };
}

/** A documentation-range address per post (RFC 3849), so the flood guard sees distinct readers. */
export function postAddress(n: number, tag: number): string {
  return `2001:db8:${tag.toString(16)}::${n.toString(16)}`;
}

/** A deep copy that keeps BSON types (ObjectId, Date), without what the driver adds per call. */
function copyCommand(command: Document): Document {
  const copy = BSON.deserialize(BSON.serialize(command), { promoteValues: true });
  for (const key of Object.keys(copy))
    if (key.startsWith('$') || key === 'lsid' || key === 'txnNumber') delete copy[key];
  return copy;
}

/**
 * Posts twice through the app as the load row does (JSON, X-Forwarded-For, TRUST_PROXY) and
 * returns the commands of the second post: the first one creates the page and warms the
 * site cache, as every post but the first of a page finds them.
 */
export async function capturePostCommands(): Promise<CapturedPost> {
  const config = loadConfig({
    NODE_ENV: 'production',
    EMAIL_KEY,
    TRUST_PROXY: 'true',
    WORKER_ENABLED: 'false',
    LOG_LEVEL: 'silent',
  });
  const vault = createEmailVault(Buffer.from(EMAIL_KEY, 'base64'));
  const app = createApp({ config, log: createLogger({ level: 'silent' }), clock: systemClock, vault });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/sites/${SITE}/comments`;
  const post = async (n: number) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': postAddress(n, 0xcafe) },
      body: JSON.stringify(postBody(n, 'capture')),
    });
    if (res.status !== 201) throw new Error(`capturing a post: got ${res.status} ${await res.text()}`);
  };
  const client = mongoose.connection.getClient();
  const commands: Document[] = [];
  const listener = (event: CommandStartedEvent) => {
    if (DATA_COMMANDS.has(event.commandName)) commands.push(copyCommand(event.command));
  };
  try {
    await post(1);
    client.on('commandStarted', listener);
    await post(2);
  } finally {
    client.off('commandStarted', listener);
    server.close();
  }
  const shape = commands.map((command) => {
    const name = Object.keys(command)[0] as string;
    return `${command[name]}.${name}`;
  });
  return { commands, shape };
}

/** The _ids a post created: inserted documents and upserted ones. Each replay renames them. */
function createdIds(commands: Document[]): Set<string> {
  const ids = new Set<string>();
  const add = (id: unknown) => ids.add(id instanceof ObjectId ? id.toHexString() : String(id));
  for (const command of commands) {
    if (command.insert) for (const doc of command.documents as Document[]) add(doc._id);
    if (command.update) {
      for (const update of command.updates as Document[]) if (update.upsert) add(update.q._id);
    }
  }
  return ids;
}

/** The command with every created id (as an ObjectId or as its text) replaced by its fresh one. */
function renamed(value: unknown, fresh: Map<string, string>): unknown {
  if (value instanceof ObjectId) {
    const to = fresh.get(value.toHexString());
    return to ? new ObjectId(to) : value;
  }
  if (typeof value === 'string') return fresh.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => renamed(item, fresh));
  if (value && typeof value === 'object' && !(value instanceof Date) && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renamed(item, fresh)]));
  }
  return value;
}

function freshIds(created: Set<string>): Map<string, string> {
  const fresh = new Map<string, string>();
  for (const id of created) {
    fresh.set(
      id,
      ObjectId.isValid(id) && id.length === 24 ? new ObjectId().toHexString() : `${id}~${new ObjectId()}`,
    );
  }
  return fresh;
}

function failureOf(result: Document): string | undefined {
  if (result.ok !== 1) return JSON.stringify(result).slice(0, 300);
  const writeErrors = result.writeErrors as Array<{ errmsg?: string }> | undefined;
  return writeErrors?.length ? (writeErrors[0]?.errmsg ?? 'write error') : undefined;
}

export interface RawDriverFigure {
  postsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Replays the captured post from `connections` concurrent loops for the row's duration. */
export async function measureRawDriver(
  uri: string,
  captured: CapturedPost,
  settings: LoadSettings,
): Promise<RawDriverFigure> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db();
    const created = createdIds(captured.commands);
    const latencies: number[] = [];
    let failures = 0;
    let firstFailure: string | undefined;
    const deadline = performance.now() + settings.durationS * 1000;
    const loop = async () => {
      while (performance.now() < deadline) {
        const fresh = freshIds(created);
        const started = performance.now();
        for (const command of captured.commands) {
          const failure = failureOf(await db.command(renamed(command, fresh) as Document));
          if (failure) {
            failures += 1;
            firstFailure ??= failure;
          }
        }
        latencies.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: settings.connections }, loop));
    latencies.sort((a, b) => a - b);
    const figure = {
      postsPerSecond: Math.round(latencies.length / settings.durationS),
      p50: Math.round(percentile(latencies, 50) * 10) / 10,
      p99: Math.round(percentile(latencies, 99) * 10) / 10,
      failures,
    };
    process.stdout.write(
      `  raw-driver post loop: ${figure.postsPerSecond} posts/s, p50 ${figure.p50} ms, p99 ${figure.p99} ms\n`,
    );
    if (firstFailure) process.stdout.write(`    ! ${failures} commands failed, first: ${firstFailure}\n`);
    return figure;
  } finally {
    await client.close();
  }
}
