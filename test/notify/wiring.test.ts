// `npm start` as a real process: its worker runs the notifier's hooks and jobs, and its
// /metrics shares the worker's registry. Only the wiring in src/main.ts is under test here.
import { addSiteWebhook } from '../../src/sites/site.model';
import { buildUser } from '../auth/helpers';
import { useFakeSmtp } from '../fakes/smtp';
import { useWebhookReceiver } from '../fakes/webhookReceiver';
import { uriForDatabase, useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import { startParley, stopAllProcesses, waitFor } from '../helpers/process';

const database = useTestDatabase();
const smtp = useFakeSmtp();
const receiver = useWebhookReceiver();

jest.setTimeout(60_000);
afterEach(stopAllProcesses);

it('npm start emails the moderators, calls the webhook and counts the spam check in /metrics', async () => {
  const site = await buildSite({ id: 'news', settings: { moderation: 'all' } });
  await buildUser({ email: 'news.moderator@example.org', sites: ['news'] });
  await addSiteWebhook(site.id, {
    url: receiver.current().url,
    secret: 'wiring-test-webhook-secret',
    events: ['comment.created'],
  });
  const parley = await startParley({
    env: {
      MONGODB_URI: uriForDatabase(database.name),
      SMTP_URL: smtp.current().url,
      WORKER_POLL_MS: '50',
      // The fake receiver listens on loopback.
      WEBHOOK_ALLOW_PRIVATE: 'true',
    },
  });
  await parley.waitForLog('database connected');

  const res = await fetch(parley.url('/api/v1/sites/news/comments'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: SITE_ORIGIN },
    body: JSON.stringify({ pageId: '/story', author: 'Alice', email: 'alice@example.org', content: 'Hello' }),
  });
  expect(res.status).toBe(201);

  const [mail] = await waitFor(
    'the moderator email',
    () => smtp.current().messages[0] && smtp.current().messages,
    20_000,
  );
  expect(mail?.envelope.to).toEqual(['news.moderator@example.org']);
  await waitFor('the webhook', () => receiver.current().delivered()[0], 20_000);
  expect(JSON.parse(receiver.current().delivered()[0]?.rawBody ?? '{}').event).toBe('comment.created');

  const metrics = await (await fetch(parley.url('/metrics'))).text();
  expect(metrics).toMatch(/^parley_spam_checks_total\{outcome="skipped",verdict="pending"\} 1$/m);
  expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  expect(parley.stdout()).not.toContain('alice@example.org');
});
