// The soak's command line: `npm run soak -- --duration 60s --rate 50 --out FILE`.

export interface SoakOptions {
  /** The measured load, after the warm-up. */
  durationS: number;
  /** Requests started per second, all kinds together. */
  rate: number;
  /** Load at the same rate before the measured part, while Node sizes its heap; the RSS baseline is read at its end. */
  warmupS: number;
  out: string;
}

export const SOAK_USAGE = `npm run soak -- [--duration 10m] [--rate 50] [--out FILE]

--duration  how long the measured load runs, after a warm-up of 2 minutes (a tenth
            of the duration when that is longer): 90, 90s, 10m or 1h (default 10m)
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

/**
 * Two minutes, or a tenth of the measured load when that is longer. Under this load Node's heap
 * grows from about 80 MB to about 200 MB reserved in the first 90 s or so, and RSS with it, then
 * stays in its band (docs/reliability.md): a baseline read earlier measures that sizing, not a leak.
 */
export function warmupFor(durationS: number): number {
  return Math.max(120, Math.round(durationS / 10));
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
