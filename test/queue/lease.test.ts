// Lease slots tell a claim which earlier claims were interrupted: taken and never settled by
// their holders (a worker killed, or whose lease ran out, mid-task).
import { claimItem, releaseClaim, settleClaim } from '../../src/queue/lease.model';
import { useTestDatabase } from '../helpers/db';

useTestDatabase();

const LEASE_MS = 1000;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

async function claimed(after: number, owner: string, seconds: number) {
  const taken = await claim(after, owner, seconds);
  if (!taken) throw new Error(`${owner} could not claim the item`);
  return taken;
}

function claim(after: number, owner: string, seconds: number) {
  return claimItem({ scope: 'test', itemId: 'item-1', after, owner, now: at(seconds), leaseMs: LEASE_MS });
}

describe('claimItem', () => {
  it('counts no interruption after a settled or released claim', async () => {
    const first = await claimed(0, 'worker-a', 0);
    expect(first).toMatchObject({ slot: 1, interrupted: 0 });
    const settled = await settleClaim(first, at(0), LEASE_MS);
    expect(settled).toBe(2);
    // The item records slot 2 when its holder writes; a release leaves it at 2.
    const second = await claimed(2, 'worker-b', 5);
    expect(second).toMatchObject({ slot: 3, interrupted: 0 });
    await releaseClaim(second, at(5));
    expect(await claim(2, 'worker-c', 10)).toMatchObject({ slot: 5, interrupted: 0 });
  });

  it('counts each claim whose holder stopped before settling it', async () => {
    expect(await claim(0, 'worker-a', 0)).toMatchObject({ slot: 1, interrupted: 0 });
    // worker-a's lease is still running: nobody else may take the item.
    expect(await claim(0, 'worker-b', 0)).toBeUndefined();
    // worker-a never settles; worker-b takes over once its lease is over, and stops too.
    expect(await claim(0, 'worker-b', 2)).toMatchObject({ slot: 2, interrupted: 1 });
    expect(await claim(0, 'worker-c', 4)).toMatchObject({ slot: 3, interrupted: 2 });
  });
});
