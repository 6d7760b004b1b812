// The soak's command line: `npm run soak -- --duration 60s --rate 50 --out FILE`.

export interface SoakOptions {
  durationS: number;
  /** Requests started per second, all kinds together. */
  rate: number;
  /** The first part of the run, before the RSS baseline is read. */
  warmupS: number;
  out: string;
}

export const SOAK_USAGE = `npm run soak -- [--duration 10m] [--rate 50] [--out FILE]

--duration  how long the load runs: 90, 90s, 10m or 1h (default 10m)
--rate      requests started per second, all kinds together (default 50)
--out       where the markdown report goes (default bench/last-soak.md)`;

/** "90", "90s", "10m", "1h" in seconds. */
export function parseDuration(value: string | undefined): number {
  const match = /^(\d+)(s|m|h)?$/.exec(value ?? '');
  const seconds = match
    ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h']
    : 0;
  if (seconds < 10) throw new Error(`--duration wants 10s or more, such as 60s or 10m, not "${value}"`);
  return seconds;
}

/** A tenth of the run, at least 30 s, but never more than half of it. */
export function warmupFor(durationS: number): number {
  return Math.min(Math.max(30, Math.round(durationS / 10)), Math.floor(durationS / 2));
}

export function parseSoakOptions(argv: string[]): SoakOptions {
  const given = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    if (flag === '--help') throw new Error(SOAK_USAGE);
    if (!['--duration', '--rate', '--out'].includes(flag))
      throw new Error(`unknown argument "${flag}"\n${SOAK_USAGE}`);
    given.set(flag, inline ?? argv[++i]);
  }
  const durationS = given.has('--duration') ? parseDuration(given.get('--duration')) : 600;
  const rate = given.has('--rate') ? Number(given.get('--rate')) : 50;
  if (!Number.isInteger(rate) || rate < 20 || rate > 2000)
    throw new Error(
      `--rate wants a whole number of requests per second from 20 to 2000, not "${given.get('--rate')}"`,
    );
  return { durationS, rate, warmupS: warmupFor(durationS), out: given.get('--out') ?? 'bench/last-soak.md' };
}
