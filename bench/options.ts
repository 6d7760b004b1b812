// The benchmark's command line: `npm run bench -- --sizes 1000,10000 --connections 8 ...`.
// Every row of one run uses the same connections and duration, so the rows compare.

export interface BenchOptions {
  /** Stored comments to seed, one measured database per size. */
  sizes: number[];
  connections: number;
  durationS: number;
  /** Due spam checks seeded for each drain measurement. */
  drainChecks: number;
  /** The longest a drain measurement waits for the queue to empty. */
  drainLimitS: number;
  idleS: number;
  /** CPU profiles of FerretDB and of the app during the cold-read and post rows at the largest size. */
  profile: boolean;
  quick: boolean;
  /** Where the markdown goes; see defaultOut. */
  out: string;
}

export const USAGE = `npm run bench -- [--sizes 1000,10000,100000] [--connections 8] [--duration 10]
                    [--drain-checks 1000] [--drain-limit 10] [--idle 10] [--quick] [--profile]
                    [--out FILE]

--quick    2 s per row, size 1000 only, 200 spam checks (at most 5 s), 2 s of idle CPU: a CI smoke run
--profile  CPU profiles of FerretDB (Go pprof) and Parley (--cpu-prof) at the largest size
--out      default: docs/benchmarks.md for a full run that includes 100000, else bench/last-run.md`;

/** The target figures are stated for 100,000 stored comments: only a run reaching it goes in the docs. */
const TARGET_SIZE = 100_000;

function positiveInteger(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${flag} wants a positive whole number, not "${value}"`);
  return n;
}

function parseSizes(value: string | undefined): number[] {
  const sizes = (value ?? '').split(',').map((size) => positiveInteger('--sizes', size.trim()));
  if (sizes.some((size) => size < 1000)) {
    throw new Error('--sizes: each size must be at least 1000 (the measured page alone holds 1,000)');
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

function defaultOut(quick: boolean, sizes: number[]): string {
  return !quick && sizes.includes(TARGET_SIZE) ? 'docs/benchmarks.md' : 'bench/last-run.md';
}

export function parseOptions(argv: string[]): BenchOptions {
  const given = new Map<string, string | undefined>();
  const switches = new Set(['--quick', '--profile', '--help']);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    if (!flag.startsWith('--')) throw new Error(`unexpected argument "${flag}"\n${USAGE}`);
    if (switches.has(flag)) given.set(flag, undefined);
    else given.set(flag, inline ?? argv[++i]);
  }
  if (given.has('--help')) throw new Error(USAGE);
  const known = new Set([
    ...switches,
    '--sizes',
    '--connections',
    '--duration',
    '--drain-checks',
    '--drain-limit',
    '--idle',
    '--out',
  ]);
  for (const flag of given.keys()) if (!known.has(flag)) throw new Error(`unknown option ${flag}\n${USAGE}`);

  const quick = given.has('--quick');
  const number = (flag: string, fallback: number) =>
    given.has(flag) ? positiveInteger(flag, given.get(flag)) : fallback;
  const sizes = given.has('--sizes')
    ? parseSizes(given.get('--sizes'))
    : quick
      ? [1000]
      : [1000, 10_000, TARGET_SIZE];
  return {
    sizes,
    connections: number('--connections', 8),
    durationS: number('--duration', quick ? 2 : 10),
    drainChecks: number('--drain-checks', quick ? 200 : 1000),
    drainLimitS: number('--drain-limit', quick ? 5 : 10),
    idleS: number('--idle', quick ? 2 : 10),
    profile: given.has('--profile'),
    quick,
    out: given.get('--out') ?? defaultOut(quick, sizes),
  };
}
