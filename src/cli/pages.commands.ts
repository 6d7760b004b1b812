// Repairing precomputed threads from the comments themselves: `pages:rebuild` rewrites the
// public thread of every page (of a site, or one page) from its approved comments, and says
// which ones were out of step. Nothing should ever be, but this is the way back if a bug or a
// hand edit of the database leaves one so.
import { parseArgs } from 'node:util';
import { listPageIds } from '../pages/page.model';
import {
  findAllItems,
  findThreadRecord,
  listThreadPageIds,
  type ThreadRecord,
} from '../threads/thread.model';
import { rebuildThread } from '../threads/thread.rebuild';
import { type CliCommand, CliError } from './command';

/** What readers are shown of a thread, for telling whether a rebuild changed anything. */
async function shownBy(record: ThreadRecord | undefined): Promise<string> {
  if (!record) return JSON.stringify([0, 0, []]);
  const items = await findAllItems(record);
  return JSON.stringify([record.approvedCount, record.approvedTopLevelCount, items.map((item) => item.json)]);
}

const pagesRebuild: CliCommand = {
  usage: '[--site <id>] [--page <pageId>]   (rebuilds public threads from the comments)',
  async run(args, { stdout }) {
    const { values } = parseArgs({ args, options: { site: { type: 'string' }, page: { type: 'string' } } });
    if (values.page !== undefined && values.site === undefined) throw new CliError('--page needs --site');
    const pages =
      values.site !== undefined && values.page !== undefined
        ? [{ site: values.site, pageId: values.page }]
        : [...(await listPageIds(values.site)), ...(await listThreadPageIds(values.site))];
    const seen = new Set<string>();
    let changed = 0;
    for (const { site, pageId } of pages) {
      const key = JSON.stringify([site, pageId]);
      if (seen.has(key)) continue;
      seen.add(key);
      const before = await shownBy(await findThreadRecord(site, pageId));
      const record = await rebuildThread(site, pageId);
      const isChanged = before !== (await shownBy(record));
      if (isChanged) changed += 1;
      stdout.write(
        `${site} ${pageId}: ${record.approvedCount} approved, ${record.approvedTopLevelCount} top-level` +
          `${isChanged ? ' (was out of step; rebuilt)' : ''}\n`,
      );
    }
    stdout.write(`${seen.size} page(s) rebuilt, ${changed} out of step\n`);
  },
};

export const pageCommands: Record<string, CliCommand> = { 'pages:rebuild': pagesRebuild };
