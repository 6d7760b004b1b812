// What every step of a spam check works with, built once per checker (createSpamChecker in
// ../spamCheck.service.ts): the steps are plain functions taking it first.
import type { Clock } from '../../clock';
import type { CommentEvents } from '../../comments/events';
import type { Config } from '../../config';
import type { EmailVault } from '../../privacy/emailVault';
import type { Akismet } from '../akismet';
import type { SiteLookups } from './lookups';

export interface SpamCheckContext {
  config: Pick<Config, 'AKISMET_KEY' | 'AKISMET_TEST'>;
  clock: Clock;
  vault: EmailVault;
  akismet: Akismet;
  /** How long a claim holds its check; a result stored after that is dropped. */
  leaseMs: number;
  /** Told of every stored attempt and of what each check decided. */
  events: CommentEvents;
  lookups: SiteLookups;
}
