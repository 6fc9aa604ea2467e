import { describe, expect, it } from 'vitest';
import { createDeferredCompiles } from './deferred-compiles.js';

function counted(compiles: ReturnType<typeof createDeferredCompiles>, result: number) {
  const calls = { compiled: 0 };
  const get = compiles.later(() => {
    calls.compiled += 1;
    return () => result;
  });
  return { calls, get };
}

/** Lets the event loop turn `n` times, as the background compiling does between two compiles. */
async function turns(n: number): Promise<void> {
  for (let turn = 0; turn < n; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('deferred compiles', () => {
  it('compile on first use, once', () => {
    const compiles = createDeferredCompiles();
    const a = counted(compiles, 1);
    expect(a.calls.compiled).toBe(0);
    expect(a.get()()).toBe(1);
    expect(a.get()()).toBe(1);
    expect(a.calls.compiled).toBe(1);
  });

  it('compile in the background what no one used yet, and nothing twice', async () => {
    const compiles = createDeferredCompiles();
    const [a, b, c] = [counted(compiles, 1), counted(compiles, 2), counted(compiles, 3)];
    b.get();
    compiles.compileInBackground();
    await turns(5);
    expect([a.calls.compiled, b.calls.compiled, c.calls.compiled]).toEqual([1, 1, 1]);
  });

  it('stop compiling in the background once stopped', async () => {
    const compiles = createDeferredCompiles();
    const [a, b] = [counted(compiles, 1), counted(compiles, 2)];
    compiles.compileInBackground();
    compiles.stop();
    await turns(5);
    expect([a.calls.compiled, b.calls.compiled]).toEqual([0, 0]);
  });
});
