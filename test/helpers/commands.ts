// Every command the driver sends while an action runs (the test database must be connected
// with monitorCommands: see useTestDatabase), and which of them break the rule of public
// paths: anything but inserts and lookups whose filter is {_id: value}.
import type { CommandStartedEvent } from 'mongodb';
import mongoose from 'mongoose';

const WATCHED = new Set([
  'find',
  'findAndModify',
  'update',
  'delete',
  'insert',
  'count',
  'aggregate',
  'distinct',
]);

export interface Command {
  name: string;
  collection: string;
  filters: unknown[];
  /** A find's limit, when it has one. */
  limit?: number;
}

function filtersOf(event: CommandStartedEvent): unknown[] {
  const command = event.command as Record<string, unknown>;
  switch (event.commandName) {
    case 'find':
    case 'count':
    case 'distinct':
      return [command.filter ?? command.query ?? {}];
    case 'findAndModify':
      return [command.query ?? {}];
    case 'update':
      return (command.updates as Array<{ q: unknown }>).map((update) => update.q);
    case 'delete':
      return (command.deletes as Array<{ q: unknown }>).map((deletion) => deletion.q);
    case 'aggregate':
      return [command.pipeline];
    default:
      return [];
  }
}

export async function commandsDuring(action: () => Promise<unknown>): Promise<Command[]> {
  const client = mongoose.connection.getClient();
  const commands: Command[] = [];
  const listener = (event: CommandStartedEvent) => {
    if (!WATCHED.has(event.commandName)) return;
    const collection = String((event.command as Record<string, unknown>)[event.commandName]);
    const limit = (event.command as { limit?: number }).limit;
    commands.push({
      name: event.commandName,
      collection,
      filters: filtersOf(event),
      ...(limit && { limit }),
    });
  };
  client.on('commandStarted', listener);
  try {
    await action();
  } finally {
    client.off('commandStarted', listener);
  }
  return commands;
}

function isScalarId(value: unknown): boolean {
  if (typeof value === 'string') return true;
  return value instanceof mongoose.mongo.ObjectId;
}

/** The commands that break the rule: anything but inserts and single-_id filters. */
export function offending(commands: Command[]): Command[] {
  return commands.filter((command) => {
    if (command.name === 'insert') return false;
    if (command.name === 'aggregate' || command.name === 'distinct' || command.name === 'count') return true;
    return !command.filters.every((filter) => {
      const keys = Object.keys(filter as object);
      return keys.length === 1 && keys[0] === '_id' && isScalarId((filter as { _id: unknown })._id);
    });
  });
}

export function describeCommands(commands: Command[]): string[] {
  return commands.map(
    (command) => `${command.collection}.${command.name} ${JSON.stringify(command.filters)}`,
  );
}
