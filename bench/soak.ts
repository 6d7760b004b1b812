// `npm run soak`: Parley (web and worker in one process, as `npm start` runs it) on the
// embedded database, with an Akismet double (50 ms, 5% errors) and an SMTP double, under a
// mixed load at a fixed rate for a set time (issue 13, point 1). It reports statuses,
// latencies, memory, event-loop lag and the spam queue, checks that no posted comment was
// lost and that each reached exactly one verdict, and exits non-zero when a target is missed.
// See docs/reliability.md. Everything it starts is stopped at the end, also on failure or Ctrl-C.
import os from 'node:os';
import { createApiToken } from '../src/auth/apiTokens';
import { addUser } from '../src/auth/users';
import { startFakeSmtp } from '../test/fakes/smtp';
import { connectBenchDatabase, dropBenchDatabase, startBenchServer } from './database';
import { AKISMET_DELAY_MS, DNS_PRELOAD, startAkismetDouble } from './drain';
import { startWebServer } from './parley';
import { atCleanup, runEntryPoint } from './processes';
import { writeReport } from './report';
import { HOT_PAGE, otherPageId, prepareDatabase, SITE, seedComments } from './seed';
import { collectGarbage, INSPECT_FLAG } from './soakGc';
import { createSoakLoad } from './soakLoad';
import { parseSoakOptions, type SoakOptions } from './soakOptions';
import { auditVerdicts, rssMb, startSampler, waitForDueQueue, waitForEmptyQueue } from './soakProbes';
import { DRAIN_LIMIT_S, lastLine, type Memory, missedTargets, renderSoak, SOAK_MARKERS } from './soakReport';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** /hot and /page-1 to /page-190: 20,000 approved comments (seed.ts). */
const SEEDED_COMMENTS = 20_000;
const SEEDED_OTHER_PAGES = 190;
/** Warm reads go to these pages (posts too); cold reads to the other seeded ones. */
const HOT_SET = 5;
const AKISMET_ERROR_RATE = 0.05;
const SAMPLE_EVERY_MS = 5000;
/** Checks that failed in the last seconds retry 30 s later, then 60 s, 120 s (src/spam/check/timing.ts). */
const RETRIES_LIMIT_S = 300;

function describeMachine(): string {
  const cpus = os.cpus();
  const gb = Math.round(os.totalmem() / 2 ** 30);
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${gb} GB, Linux ${os.release()}, Node ${process.version}`;
}

async function startModerator(now: Date): Promise<string> {
  const user = await addUser(
    {
      email: 'moderator@bench.example',
      password: 'soak-moderator-password',
      role: 'moderator',
      sites: [SITE],
    },
    now,
  );
  return (await createApiToken(user.id, 'soak', now)).token;
}

async function soak(options: SoakOptions, argv: string[]): Promise<number> {
  const server = await startBenchServer({ profile: false });
  say(`database: ${server.description}`);
  const uri = server.uriFor('parley_soak');
  await connectBenchDatabase(uri);
  // A server in MONGODB_URI keeps no soak data behind (an embedded one goes with its directory).
  atCleanup(() => dropBenchDatabase());
  await prepareDatabase();
  await seedComments(SEEDED_COMMENTS, say);
  const token = await startModerator(new Date());

  const akismet = await startAkismetDouble();
  akismet.errorRate = AKISMET_ERROR_RATE;
  atCleanup(() => akismet.close());
  const smtp = await startFakeSmtp();
  atCleanup(() => smtp.close());

  const parley = await startWebServer(
    uri,
    {
      WORKER_ENABLED: 'true',
      // Posts come from many addresses through X-Forwarded-For, so the flood guard sees distinct readers.
      TRUST_PROXY: 'true',
      AKISMET_KEY: 'soakkey',
      AKISMET_HOST: akismet.host,
      AKISMET_PROTOCOL: 'http',
      SMTP_URL: smtp.url,
      NODE_OPTIONS: `--require ${DNS_PRELOAD}`,
    },
    [INSPECT_FLAG],
  );
  const pages = [HOT_PAGE, ...Array.from({ length: SEEDED_OTHER_PAGES }, (_, i) => otherPageId(i + 1))];
  const load = createSoakLoad({
    base: parley.base,
    token,
    hotPages: pages.slice(0, HOT_SET),
    coldPages: pages.slice(HOT_SET),
  });

  const sampler = startSampler(parley.base, parley.child.pid, SAMPLE_EVERY_MS);
  sampler.markLoadStart();
  const totalS = options.warmupS + options.durationS;
  say(
    `load: ${options.rate} requests/s for ${options.warmupS} s of warm-up, then ${options.durationS} s measured`,
  );
  // Parley's RSS right after a full collection, at the end of the warm-up and of the load.
  const readMemory = async (): Promise<Memory> => {
    await collectGarbage(parley.child);
    return { parley: rssMb(parley.child.pid), database: rssMb(server.pid) };
  };
  let warmReading: Promise<Memory> | undefined;
  const baseline = setTimeout(() => {
    warmReading = readMemory();
    // A failure is reported where the reading is awaited, after the load.
    warmReading.then(
      (m) => say(`  end of warm-up: Parley RSS ${m.parley?.toFixed(0)} MB after a collection`),
      () => undefined,
    );
  }, options.warmupS * 1000);
  await load.run(totalS, options.rate);
  clearTimeout(baseline);
  const rss = { warm: (await warmReading) ?? {}, end: await readMemory() };
  const loadEnded = performance.now();
  say(`  load done; waiting for the spam queue`);

  const drainS = await waitForDueQueue(DRAIN_LIMIT_S * 1000);
  const emptied = await waitForEmptyQueue(RETRIES_LIMIT_S * 1000);
  const emptyS = emptied === undefined ? undefined : (performance.now() - loadEnded) / 1000;
  await sampler.take();
  await sampler.stop();
  const audit = await auditVerdicts(load.posted);
  if (!parley.child.isRunning())
    throw new Error(`Parley exited during the soak\n${parley.child.output().slice(-3000)}`);

  const result = {
    command: ['npm run soak', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    setting:
      `${options.rate} requests/s (open loop, fetch), Parley with its worker (WORKER_ENABLED=true, default settings, ` +
      `TRUST_PROXY=true), ${SEEDED_COMMENTS.toLocaleString('en')} seeded comments on ${pages.length} pages ` +
      `(hot set: ${HOT_SET} pages), Akismet double answering after ${AKISMET_DELAY_MS} ms with ` +
      `${AKISMET_ERROR_RATE * 100}% HTTP 500, SMTP double`,
    database: server.description,
    machine: describeMachine(),
    date: new Date().toISOString().slice(0, 10),
    durationS: options.durationS,
    warmupS: options.warmupS,
    stats: load.stats,
    notSent: load.notSent,
    actions: load.actions,
    rss,
    samples: sampler.samples,
    drainS,
    emptyS,
    audit,
    emails: smtp.messages.length,
    akismetCalls: akismet.calls.length,
    akismetErrors: akismet.errorsAnswered,
  };
  const markdown = renderSoak(result);
  writeReport(options.out, markdown, SOAK_MARKERS);
  say(`\n${markdown.slice(0, markdown.lastIndexOf('\n\n'))}\n\nwrote ${options.out}`);
  const missed = missedTargets(result);
  say(lastLine(result));
  return missed.length === 0 ? 0 : 1;
}

const argv = process.argv.slice(2);
let options: SoakOptions;
try {
  options = parseSoakOptions(argv);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
runEntryPoint('soak', () => soak(options, argv));
