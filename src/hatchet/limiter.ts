/**
 * At most `limit` holders at once. A released slot is handed straight to the next waiter, so a
 * new caller cannot slip in between the release and the waiter's wake-up.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be at least 1');
  }

  async acquire(): Promise<() => void> {
    if (this.active < this.limit) this.active++;
    // The slot is handed over with `active` unchanged: see release().
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
