// One measured row: autocannon on loopback for a fixed time with a fixed number of
// connections, after a second of the same load unmeasured, reduced to the figures the report
// prints. Every row of a run uses the same connections and duration, the references included.
import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  durationS: number;
}

export interface Figure {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers by status, such as "200×4447". */
  statuses: string;
  /** Answers with a status other than the one the row expects, and connection errors. */
  failures: number;
}

export type LoadOptions = Omit<autocannon.Options, 'connections' | 'duration'> & { expectStatus: number };

export function figureOf(result: autocannon.Result, expectStatus: number): Figure {
  const byStatus = (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const expected = byStatus[String(expectStatus)]?.count ?? 0;
  const answered = Object.values(byStatus).reduce((sum, { count }) => sum + count, 0);
  return {
    requestsPerSecond: Math.round(expected / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: Object.entries(byStatus)
      .map(([status, { count }]) => `${status}×${count}`)
      .join(' '),
    failures: answered - expected + result.errors,
  };
}

/** Unmeasured load before each row, so the server's JIT has compiled what the row runs. */
const WARM_UP_S = 1;

export async function measure(name: string, settings: LoadSettings, options: LoadOptions): Promise<Figure> {
  const { expectStatus, ...rest } = options;
  await autocannon({ ...rest, connections: settings.connections, duration: WARM_UP_S });
  const result = await autocannon({
    ...rest,
    connections: settings.connections,
    duration: settings.durationS,
  });
  const figure = figureOf(result, expectStatus);
  process.stdout.write(
    `  ${name}: ${figure.requestsPerSecond} req/s, p50 ${figure.p50} ms, p99 ${figure.p99} ms (${figure.statuses || 'no answers'})\n`,
  );
  if (figure.failures > 0)
    process.stdout.write(`    ! ${figure.failures} answers were not ${expectStatus}\n`);
  return figure;
}
