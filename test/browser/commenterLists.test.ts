// A moderator in Chromium blocks a comment's author from its card (the browser sends only the
// comment's id), finds the entry in the block list view with the email masked, adds an IP
// range by hand, removes an entry, and the stored lists follow.
import mongoose from 'mongoose';
import { buildUser } from '../auth/helpers';
import { announced, cardOf, saveScreenshot, useDashboardBrowser } from '../dashboard/browser';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

jest.setTimeout(120_000);
useTestDatabase();
const dashboard = useDashboardBrowser();

const entries = () => mongoose.connection.collection('commenter_entries').find().sort({ _id: 1 }).toArray();

it('blocks from a card, lists the block, adds a range and removes an entry', async () => {
  const site = await buildSite({ id: 'news' });
  const comment = await buildComment(site, {
    status: 'pending',
    author: 'Link Farmer',
    email: 'farmer@spam.example',
    ip: '198.51.100.23',
  });
  const moderator = await buildUser({ sites: ['news'] });
  const page = await dashboard.openDashboard(moderator);
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') requests.push(request.postData() ?? '');
  });

  await cardOf(page, comment)
    .getByRole('button', { name: 'Block email of the comment by Link Farmer' })
    .click();
  await announced(page, 'Blocked the email of Link Farmer.');
  expect(requests).toEqual([JSON.stringify({ commentId: comment.id, by: 'email' })]);
  expect((await entries()).map((entry) => [entry.kind, entry.display])).toEqual([
    ['email', 'f•••@spam.example'],
  ]);

  await page.getByRole('button', { name: 'Block and trust lists' }).click();
  const view = page.getByRole('region', { name: 'Block and trust lists' });
  const blocked = view.locator('[data-list="block"]');
  await blocked.getByRole('cell', { name: 'f•••@spam.example', exact: true }).waitFor();
  await expect(blocked.locator('tbody tr').first().locator('td').allTextContents()).resolves.toEqual([
    'email',
    'f•••@spam.example',
    '',
    moderator.email,
    expect.any(String),
    'never',
    'Remove',
  ]);

  const form = blocked.getByRole('form', { name: 'Add to the block list' });
  await form.getByLabel('Kind').selectOption('cidr');
  await form.getByLabel('Email, IP or range').fill('203.0.113.0/33');
  await form.getByRole('button', { name: 'Block' }).click();
  await form.getByText('Not a CIDR range').waitFor();
  await form.getByLabel('Email, IP or range').fill('203.0.113.0/24');
  await form.getByLabel('Note (optional)').fill('botnet');
  await form.getByRole('button', { name: 'Block' }).click();
  await blocked.getByRole('cell', { name: '203.0.113.0/24', exact: true }).waitFor();
  await expect(blocked.getByRole('heading', { level: 3 }).textContent()).resolves.toBe('Blocked (2)');
  await saveScreenshot(page, 'dashboard-block-lists.png');

  await blocked.getByRole('button', { name: 'Remove f•••@spam.example' }).click();
  await announced(page, 'Removed f•••@spam.example from the block list.');
  await expect(blocked.getByRole('heading', { level: 3 }).textContent()).resolves.toBe('Blocked (1)');
  expect((await entries()).map((entry) => [entry.kind, entry.display, entry.note])).toEqual([
    ['cidr', '203.0.113.0/24', 'botnet'],
  ]);
});
