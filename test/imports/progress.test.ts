// What an import shows while it runs: a progress bar (items, bytes of the file, rate, ETA) when
// stderr is a terminal, and nothing but the summary on stdout otherwise.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/dispatch';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { FIXTURES, importFile, useTestEmailKey } from './helpers';

useTestDatabase();
useTestEmailKey();

const FILE = `${FIXTURES}/wordpress.xml`;

function collect(stream: PassThrough): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return once(stream, 'end').then(() => Buffer.concat(chunks).toString('utf8'));
}

it('draws a progress bar on a terminal, with items, bytes read, rate and ETA', async () => {
  await buildSite({ id: 'news' });
  const stdout = new PassThrough();
  const terminal = Object.assign(new PassThrough(), {
    isTTY: true,
    columns: 120,
    cursorTo() {},
    clearLine() {},
  });
  const written = Promise.all([collect(stdout), collect(terminal)]);
  const code = await runCli(
    ['import:wordpress', FILE, '--site', 'news'],
    { stdin: Readable.from(['']), stdout, stderr: terminal },
    async () => async () => {},
  );
  stdout.end();
  terminal.end();
  const [out, bar] = await written;
  expect(code).toBe(0);
  expect(out).toMatch(/^WordPress import into site news: 2 posts\n/);
  expect(bar).toMatch(/100% \| \d+ items \| 0\.0 of 0\.0 MB \| \d+ items\/s \| ETA 0s/);
  expect(bar).not.toContain('@example.org');
});

it('shows no progress off a terminal: stderr stays empty', async () => {
  await buildSite({ id: 'news' });
  const result = await importFile('import:wordpress', FILE, 'news');
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
});
