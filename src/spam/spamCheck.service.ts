// The spam checker the worker runs: binds its dependencies once into the context every step
// in ./check/ takes (lookups, Akismet call, verdict, storing and retrying, resuming).
import type { Clock } from '../clock';
import { type CommentListener, createCommentEvents } from '../comments/events';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { EmailVault } from '../privacy/emailVault';
import type { Akismet } from './akismet';
import type { SpamCheckContext } from './check/context';
import { createSiteLookups } from './check/lookups';
import { runNextSpamCheck } from './check/run';

export interface SpamCheckerDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  vault: EmailVault;
  akismet: Akismet;
  leaseMs: number;
  /**
   * Who hears the checks' events (src/comments/events.ts): every stored attempt (`checked`,
   * for metrics) and what each check decided (`queued`, `statusChanged`, for notifications).
   * They are told before the check leaves the queue: if the worker dies first, the next one
   * tells them again, so act through keyed jobs (enqueueJob), which also makes the act durable.
   */
  hooks?: CommentListener | CommentListener[];
}

export function createSpamChecker(deps: SpamCheckerDeps) {
  const ctx: SpamCheckContext = {
    config: deps.config,
    clock: deps.clock,
    vault: deps.vault,
    akismet: deps.akismet,
    leaseMs: deps.leaseMs,
    lookups: createSiteLookups(),
    events: createCommentEvents({
      log: deps.log,
      listeners: Array.isArray(deps.hooks) ? deps.hooks : [deps.hooks],
      failureMessage: 'spam check hook failed',
    }),
  };
  return {
    /** Claims and checks one due comment. False when none was due. */
    runNextSpamCheck: (workerId: string) => runNextSpamCheck(ctx, deps.log, workerId),
  };
}

export type SpamChecker = ReturnType<typeof createSpamChecker>;
