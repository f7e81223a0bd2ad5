// A bandwidth cap per connection for OBS PUTs: the body is read no faster than the rate, as a slow
// uplink or a per-connection limit along the way would. Benchmarks use it to compare one PUT with
// parts in parallel on the same terms.
import type { IncomingMessage } from 'node:http';

/** Reads `req` at most `bytesPerSecond`, pausing it whenever it is ahead of the rate. */
export function capBandwidth(req: IncomingMessage, bytesPerSecond: number | undefined): void {
  if (!bytesPerSecond || bytesPerSecond <= 0) {
    return;
  }
  const started = performance.now();
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    const ahead = started + (received / bytesPerSecond) * 1000 - performance.now();
    if (ahead > 1 && !req.isPaused()) {
      req.pause();
      setTimeout(() => req.resume(), ahead).unref();
    }
  });
}
