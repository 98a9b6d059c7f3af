import { describe, expect, it } from 'vitest';
import { oneBatchAtATime } from './batches.ts';

/** A batch runner that records its batches and finishes each when told. */
function recorder() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const call = oneBatchAtATime(async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => finish.push(resolve));
    if (items.includes(13)) throw new Error('unlucky');
    return items.map((n) => n * 10);
  }, 3);
  return { batches, finish, call };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('one batch at a time', () => {
  it('gathers the calls of a turn, and those made while a batch runs, into the next batch, each answered with its own result', async () => {
    const { batches, finish, call } = recorder();
    const first = [call(1), call(2)];
    await turn();
    expect(batches).toEqual([[1, 2]]);
    const second = [call(3), call(4)];
    await turn();
    expect(batches).toHaveLength(1); // the first is still running
    finish[0]?.();
    expect(await Promise.all(first)).toEqual([10, 20]);
    // The next batch was started before the first one's callers were answered.
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    finish[1]?.();
    expect(await Promise.all(second)).toEqual([30, 40]);
  });

  it('splits a crowd into batches of at most the size given, in order', async () => {
    const { batches, finish, call } = recorder();
    const all = [1, 2, 3, 4, 5].map((n) => call(n));
    for (let i = 0; i < 2; i++) {
      await turn();
      finish[i]?.();
      await turn();
    }
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('fails only the calls of a batch that failed, and goes on with the next', async () => {
    const { finish, call } = recorder();
    const unlucky = call(13);
    await turn();
    const later = call(7);
    finish[0]?.();
    await expect(unlucky).rejects.toThrow('unlucky');
    await turn();
    finish[1]?.();
    expect(await later).toBe(70);
  });
});
