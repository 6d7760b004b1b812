// A site with something of everything a backup must carry, and what readers and moderators
// see of it, so a restore can be compared with the original.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import type { Comment } from '../../src/comments/store/comment.types';
import { buildComment, buildSite } from '../helpers/factories';
import { type Actor, as, buildActor } from '../moderation/helpers';
import { readerToken } from '../reports/helpers';

export const PAGES = ['/2026/03/budget', '/2026/03/election'] as const;
export const EMAILS = ['ana@example.org', 'bo@example.org', 'chen.wei@example.org', 'deleter@example.org'];

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A path in a directory of its own, removed after the test file. */
export function tempFile(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-backup-'));
  tempDirs.push(dir);
  return path.join(dir, name);
}

type Report = (
  site: string,
  commentId: string,
  body: object,
  reader?: { ip?: string; token?: string },
) => request.Test;

/**
 * Site `site`: threaded comments in every status, edits with history, a moderator's reply,
 * placeholders (trashed by a moderator, deleted by the author, each with an approved reply),
 * open reports, block and trust entries, and the audit entries all of that wrote.
 */
export async function buildFullSite(app: Express, report: Report, site: string, now: Date) {
  const target = await buildSite({ id: site, settings: { moderation: 'first-time', maxDepth: 8 } });
  const admin = await buildActor({ role: 'admin' });
  const mod = as(app, admin);
  const [budget, election] = PAGES;
  const [ana, bo, chen, deleter] = EMAILS as [string, string, string, string];
  const top = await buildComment(target, { pageId: budget, email: ana, author: 'Ana' });
  const reply = await buildComment(target, { parent: top, email: bo, author: 'Bo' });
  const deep = await buildComment(target, {
    parent: reply,
    email: chen,
    content: 'Deep 日本語 ✓\r\nnext\u2028line \u{1F389}',
  });
  await buildComment(target, { parent: deep, status: 'pending', email: ana });
  await buildComment(target, { pageId: budget, status: 'pending', email: chen, ip: '192.0.2.9' });
  await buildComment(target, { pageId: budget, status: 'spam', email: 'spam@example.net' });
  await buildComment(target, { pageId: election, status: 'trash', email: bo });

  // Placeholders: one trashed by a moderator, one deleted by its author, each with a reply.
  const trashed = await buildComment(target, { pageId: election, email: ana });
  await buildComment(target, { parent: trashed, email: chen });
  await mod.post(`/comments/${trashed.id}/trash`).expect(200);
  const token = readerToken();
  const own = await buildComment(target, {
    pageId: election,
    email: deleter,
    authorToken: token,
    createdAt: now,
  });
  await buildComment(target, { parent: own, email: bo });
  await request(app)
    .delete(`/api/v1/sites/${site}/comments/${own.id}`)
    .set('Origin', 'https://news.example')
    .set('Parley-Author-Token', token)
    .expect(204);

  // Edits with history, on an approved and a pending comment; a moderator's reply; a status change.
  await mod.patch(`/comments/${top.id}`, { content: 'Ana, edited once' }).expect(200);
  await mod.patch(`/comments/${top.id}`, { content: 'Ana, edited twice' }).expect(200);
  const pending = await buildComment(target, { pageId: election, status: 'pending', email: bo });
  await mod.patch(`/comments/${pending.id}`, { content: 'Held, then edited' }).expect(200);
  await mod.post(`/comments/${reply.id}/reply`, { content: 'From the desk: thanks.' }).expect(201);
  const spammy = await buildComment(target, { pageId: election, status: 'pending', email: chen });
  await mod.post(`/comments/${spammy.id}/spam`).expect(200);

  // Open reports, and block and trust entries (email, IP, range).
  await report(site, top.id, { reason: 'abuse', note: 'rude' }, { ip: '203.0.113.1' }).expect(202);
  await report(site, top.id, { reason: 'spam' }, { ip: '203.0.113.2' }).expect(202);
  await mod.post(`/sites/${site}/blocks`, { email: 'spam@example.net', note: 'link farm' }).expect(201);
  await mod.post(`/sites/${site}/blocks`, { cidr: '203.0.113.0/24' }).expect(201);
  await mod.post(`/sites/${site}/trusts`, { email: ana }).expect(201);
  return { admin, top: top as Comment };
}

/** Every answer readers and moderators get about `site`, with the site id written as SITE. */
export async function viewsOf(app: Express, admin: Actor, site: string) {
  const mod = as(app, admin);
  const views: Record<string, unknown> = {};
  for (const pageId of PAGES) {
    const thread = await request(app).get(
      `/api/v1/sites/${site}/comments?pageId=${encodeURIComponent(pageId)}`,
    );
    const counts = await request(app).get(
      `/api/v1/sites/${site}/counts?pageId=${encodeURIComponent(pageId)}`,
    );
    views[`thread ${pageId}`] = [thread.status, thread.body];
    views[`counts ${pageId}`] = [counts.status, counts.body];
  }
  const ids: string[] = [];
  for (const status of ['pending', 'approved', 'spam', 'trash']) {
    const tab = await mod.get(`/comments?status=${status}&site=${site}&limit=100`);
    views[`tab ${status}`] = [tab.status, tab.body];
    ids.push(...tab.body.comments.map((card: { id: string }) => card.id));
  }
  for (const id of ids.sort()) {
    const detail = await mod.get(`/comments/${id}`);
    views[`detail ${id}`] = [detail.status, detail.body];
  }
  views.counts = (await mod.get(`/counts?site=${site}`)).body;
  views.reported = (
    await request(app).get('/api/v1/moderation/reports').set('Authorization', `Bearer ${admin.token}`)
  ).body;
  views.blocks = (await mod.get(`/sites/${site}/blocks`)).body;
  views.trusts = (await mod.get(`/sites/${site}/trusts`)).body;
  return JSON.parse(JSON.stringify(views).replaceAll(`"${site}"`, '"SITE"'));
}

/** Empties every collection but the users and their credentials: another installation. */
export async function emptyAllButUsers(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) return;
  for (const collection of await db.collections()) {
    if (['users', 'apitokens', 'api_tokens', 'sessions'].includes(collection.collectionName)) continue;
    await collection.deleteMany({});
  }
}
