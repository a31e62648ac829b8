/**
 * Worker threads started before their work is known, so that a thread's start (about 200 ms
 * here: Node compiles its internals for each thread, then the module loads) overlaps other
 * work. Each thread waits for its work as a message. Used for the parsing threads
 * (io/parse-pool.ts) and the report's nowcast thread (measures/nowcast-thread.ts).
 *
 * Waiting threads do not keep the process alive; one that failed or stopped before it was
 * taken is not handed out; `end` stops those never taken.
 */
import { Worker } from 'node:worker_threads';

export class ReadyThreads {
  private readonly waiting: Worker[] = [];

  constructor(private readonly url: () => URL) {}

  /** Start `n` threads now (fewer if a thread cannot be started). */
  start(n: number): void {
    for (let i = 0; i < n; i++) {
      let w: Worker;
      try {
        w = new Worker(this.url());
      } catch {
        return;
      }
      w.unref();
      const gone = () => {
        const k = this.waiting.indexOf(w);
        if (k >= 0) this.waiting.splice(k, 1);
      };
      w.once('error', gone);
      w.once('exit', gone);
      this.waiting.push(w);
    }
  }

  /** A waiting thread, kept alive from now on (until it ends), or undefined. */
  take(): Worker | undefined {
    const w = this.waiting.shift();
    w?.ref();
    return w;
  }

  /** How many threads are waiting. */
  get count(): number {
    return this.waiting.length;
  }

  /** Stop the threads never taken. */
  end(): void {
    for (const w of this.waiting.splice(0)) void w.terminate();
  }
}
