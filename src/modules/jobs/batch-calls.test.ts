import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchCalls } from './batch-calls.ts';

describe('batchCalls', () => {
  it('hands calls made together to one run and calls made during that run to the next', async () => {
    const runs: number[][] = [];
    let release = () => {};
    const add = batchCalls(async (items: number[]) => {
      runs.push(items);
      if (runs.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = [add(1), add(2), add(3)];
    await new Promise((r) => setImmediate(r));
    const second = [add(4), add(5)];
    release();
    await Promise.all([...first, ...second]);
    assert.deepEqual(runs, [[1, 2, 3], [4, 5]]);
  });

  it('gives each call its own result', async () => {
    const double = batchCalls(async (items: number[]) => items.map((n) => n * 2));
    assert.deepEqual(await Promise.all([double(1), double(5), double(7)]), [2, 10, 14]);
  });

  it('rejects exactly the calls of a failed run', async () => {
    let fail = true;
    const add = batchCalls(async (items: string[]) => {
      if (fail) {
        fail = false;
        throw new Error(`could not write ${items.join(',')}`);
      }
    });
    const failed = [add('a'), add('b')];
    await assert.rejects(failed[0], /could not write a,b/);
    await assert.rejects(failed[1], /could not write a,b/);
    await add('c');
  });

  it('splits a large group into runs of at most max items', async () => {
    const sizes: number[] = [];
    const add = batchCalls(async (items: number[]) => void sizes.push(items.length), { max: 4 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => add(i)));
    assert.deepEqual(sizes, [4, 4, 2]);
  });

  it('waits delayMs before the first run so later calls join it', async () => {
    const runs: number[][] = [];
    const add = batchCalls(async (items: number[]) => void runs.push(items), { delayMs: 30 });
    const a = add(1);
    await new Promise((r) => setTimeout(r, 5));
    const b = add(2);
    await Promise.all([a, b]);
    assert.deepEqual(runs, [[1, 2]]);
  });
});
