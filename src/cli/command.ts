import type { Readable, Writable } from 'node:stream';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Config } from '../config';

export interface CliContext {
  config: Config;
  stdout: Writable;
  stdin: Readable;
  /** For progress on a terminal (errors go through CliError); absent: no progress shown. */
  stderr?: Writable;
}

export interface CliCommand {
  usage: string;
  run(args: string[], context: CliContext): Promise<void>;
}

/** A problem the person at the shell can fix; shown as one line without a stack. */
export class CliError extends Error {}

/** node:util parseArgs, with its complaints (an unknown or valueless option) as CliErrors. */
export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** The positionals a command takes, exactly; a usage line otherwise. */
export function expectPositionals(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length !== count || positionals.some((value) => value.trim() === '')) {
    throw new CliError(`usage: ${usage}`);
  }
  return positionals;
}

/** `--json` answers: one pretty-printed JSON value, the shape each command documents. */
export function writeJson(stdout: Writable, value: unknown): void {
  stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Plain answers for lists: one line per row, fields separated by tabs (for cut and awk). */
export function writeRows(stdout: Writable, rows: Array<Array<string | number>>): void {
  for (const row of rows) stdout.write(`${row.join('\t')}\n`);
}
