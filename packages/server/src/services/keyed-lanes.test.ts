import { describe, expect, it } from 'vitest';
import { KeyedLanes } from './keyed-lanes.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedLanes', () => {
  it('serialises tasks of one key, in order, and runs other keys alongside', async () => {
    const lanes = new KeyedLanes();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      lanes.run('a', task('a1', 20)),
      lanes.run('a', task('a2', 1)),
      lanes.run('b', task('b1', 5)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(lanes.busy).toBe(0);
  });

  it('keeps the lane going after a failure', async () => {
    const lanes = new KeyedLanes();
    const failed = lanes.run('a', () => Promise.reject(new Error('boom')));
    const next = lanes.run('a', () => Promise.resolve('ok'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
