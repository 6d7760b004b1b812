// `npm start` and `npm run worker` as a user runs them: the pid they have is npm's. npm
// passes SIGTERM and SIGINT on to its child, and its script execs node, so that child is
// Parley itself, with no shell in between that would die and leave Parley running. Parley
// stops its embedded database and exits, npm exits, and nothing of the group is left.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  get,
  isGroupAlive,
  isPortOpen,
  makeTempDir,
  pathToFerretdb,
  processesMentioning,
  startParley,
  stopAllProcesses,
  waitFor,
} from '../helpers/process';

jest.setTimeout(60_000);
afterEach(stopAllProcesses);

/** The parent of a process, from /proc. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

describe.each([
  ['npm start', 'src/main.ts'],
  ['npm run worker', 'src/worker.ts'],
] as const)('%s', (_command, script) => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops with its embedded database on %s to the npm pid, leaving no process behind',
    async (signal) => {
      const dataDir = makeTempDir('npm-signals');
      const npm = await startParley({
        viaNpm: true,
        script,
        env: { DATA_DIR: dataDir, PATH: pathToFerretdb() },
      });
      const connected = await npm.waitForLog('database connected', 30_000);
      if (script === 'src/main.ts') expect(await get(npm.url('/readyz'))).toMatchObject({ status: 200 });
      const dbUri = readFileSync(path.join(dataDir, 'database.uri'), 'utf8');
      const dbPort = Number(new URL(dbUri).port);
      expect(await isPortOpen(dbPort)).toBe(true);
      // The pid in Parley's log lines is npm's own child.
      expect(parentOf(Number(connected.pid))).toBe(npm.pid);

      npm.signal(signal);
      expect(await npm.waitForExit(15_000)).toEqual({ code: 0, signal: null });
      expect(npm.logs()).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal }));
      expect(npm.logs().map((line) => line.msg)).toContain('stopped');
      await waitFor('the process group to end', () => (isGroupAlive(npm.pid) ? undefined : true), 5000);
      expect(await isPortOpen(dbPort)).toBe(false);
      expect(processesMentioning(dataDir)).toEqual([]);
    },
  );
});
