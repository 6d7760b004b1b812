// A reader's report keeps the rule of public paths (docs/architecture.md): only inserts and
// lookups by _id, for a first report, a repeat, a token reader past the per-IP cap, a refusal
// for a pending comment and one past the rate limit. The worker's count is background work.

import { REPORTS_PER_WINDOW } from '../../src/reports/reports.service';
import { commandsDuring, describeCommands, offending } from '../helpers/commands';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { buildReportApp, readerToken } from './helpers';

useTestDatabase({ monitorCommands: true });

it('reports look things up by _id only', async () => {
  const { report } = buildReportApp();
  const site = await buildSite();
  const comment = await buildComment(site);
  const pending = await buildComment(site, { status: 'pending' });
  const tokens = [readerToken(), readerToken(), readerToken()];
  const commands = await commandsDuring(async () => {
    await report(site.id, comment.id, { reason: 'spam', note: 'why' }).expect(202);
    await report(site.id, comment.id, { reason: 'spam' }).expect(202);
    for (const token of tokens) await report(site.id, comment.id, { reason: 'abuse' }, { token }).expect(202);
    await report(site.id, pending.id, { reason: 'spam' }).expect(404);
    for (let i = 0; i < REPORTS_PER_WINDOW; i++) await report(site.id, comment.id, { reason: 'spam' });
    await report(site.id, comment.id, { reason: 'spam' }).expect(429);
  });
  expect(commands.length).toBeGreaterThan(10);
  expect(describeCommands(offending(commands))).toEqual([]);
});
