import * as assert from 'node:assert/strict';
import { RateLimiter } from '../../src/client/rateLimit';

describe('RateLimiter', () => {
  it('never lets more than the limit through in any one-second window', async () => {
    const limiter = new RateLimiter(8);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 20 }, async () => {
      const release = await limiter.acquire();
      times.push(Date.now());
      setTimeout(release, 5); // the answer comes a little later
    }));
    times.sort((a, b) => a - b);
    for (let i = 8; i < times.length; i++) {
      assert.ok(times[i] - times[i - 8] >= 1000, `calls ${i - 8} and ${i} were ${times[i] - times[i - 8]} ms apart`);
    }
  });

  it('lets a waiting caller go when cancelled, and keeps serving the others', async () => {
    const limiter = new RateLimiter(1);
    const release = await limiter.acquire();
    release();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await assert.rejects(waiting, /cancelled/);
    limiter.setRate(0);
    (await limiter.acquire())();
  });
});
