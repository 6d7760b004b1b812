import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config';

export interface CliContext {
  config: Config;
  stdout: Writable;
  stdin: Readable;
}

export interface CliCommand {
  usage: string;
  run(args: string[], context: CliContext): Promise<void>;
}

/** A problem the person at the shell can fix; shown as one line without a stack. */
export class CliError extends Error {}
