// Lookups by _id must cost the same in a large collection as in a small one: every public
// request is built on them. Stock FerretDB 1.24 scans its whole SQLite table for each one
// (its filter and its _id index use different expressions); scripts/ferretdb.sh builds it
// with scripts/ferretdb/sqlite-id-index.patch, which makes them index lookups.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { unpatchedFerretdbWarning } from '../../src/db/embedded';
import { useTestDatabase } from '../helpers/db';
import { ferretdbBinary, makeTempDir, stopAllProcesses } from '../helpers/process';

useTestDatabase();
afterAll(stopAllProcesses);

const LARGE = 20_000;
const SMALL = 200;
const LOOKUPS = 300;

async function fill(name: string, count: number): Promise<string[]> {
  const collection = mongoose.connection.collection(name);
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const docs = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
      const _id = `${name}-${start + i}`;
      ids.push(_id);
      return { _id, body: 'a comment of ordinary length, '.repeat(8), n: start + i };
    });
    await collection.insertMany(docs as never[]);
  }
  return ids;
}

/** Milliseconds for LOOKUPS finds and as many updates by _id, spread over the collection. */
async function timeLookups(name: string, ids: string[]): Promise<number> {
  const collection = mongoose.connection.collection(name);
  const started = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    const _id = ids[(i * 7919) % ids.length] as unknown as mongoose.mongo.ObjectId;
    expect(await collection.findOne({ _id })).not.toBeNull();
    await collection.updateOne({ _id }, { $set: { seen: i } });
  }
  return performance.now() - started;
}

it('finds and updates by _id as fast among 20,000 documents as among 200', async () => {
  const small = await fill('lookup_small', SMALL);
  const large = await fill('lookup_large', LARGE);
  // Warm both once, then compare; a table scan would make the large one ~100 times slower.
  await timeLookups('lookup_small', small);
  await timeLookups('lookup_large', large);
  const smallMs = await timeLookups('lookup_small', small);
  const largeMs = await timeLookups('lookup_large', large);
  expect(largeMs / smallMs).toBeLessThan(3);
}, 120_000);

describe('the FerretDB the tests run', () => {
  it('is told apart from a stock build by its version', () => {
    const dir = makeTempDir('stock-ferretdb');
    const stock = path.join(dir, 'ferretdb');
    writeFileSync(stock, '#!/bin/sh\nprintf "version: v1.24.2\\ncommit: unknown\\n"\n');
    chmodSync(stock, 0o755);
    expect(unpatchedFerretdbWarning(stock)).toMatch(
      /is not Parley's patched FerretDB build.*scripts\/ferretdb\.sh build/,
    );

    expect(unpatchedFerretdbWarning(ferretdbBinary())).toBeUndefined();
  });
});
