/**
 * Timers on a virtual clock: `setTimeout` and friends for the programs the playground runs. A
 * timer waits here until the job queue is empty; then the recorder takes the one due first (in
 * order of due time, then of creation, as Node fires timers that came due together) and moves the
 * clock to its time. Nothing really waits, so a program that sleeps for seconds steps at once,
 * and a run is the same every time.
 *
 *     setTimeout(f, 100); setTimeout(g, 10);   // queue: g at 10 ms, f at 100 ms
 */
export interface Timer {
  id: number;
  /** The virtual time it fires at, in ms. */
  due: number;
  callback: () => void;
  /** setInterval's period (re-armed after each run), or 0. */
  every: number;
}

export class VirtualTimers {
  now = 0;
  private timers: Timer[] = [];
  private nextId = 1;

  /** The functions a program gets: setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate. */
  globals(): Record<string, unknown> {
    const add = (fn: unknown, ms: unknown, args: unknown[], every: boolean) => {
      if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
      // Node: a delay below 1 ms (or not a number) is 1 ms.
      const delay = Math.max(1, Math.floor(Number(ms)) || 0);
      const id = this.nextId++;
      this.timers.push({ id, due: this.now + delay, callback: () => (fn as (...a: unknown[]) => void)(...args), every: every ? delay : 0 });
      return id;
    };
    const clear = (id: unknown) => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
    return {
      setTimeout: (fn: unknown, ms?: unknown, ...args: unknown[]) => add(fn, ms, args, false),
      setInterval: (fn: unknown, ms?: unknown, ...args: unknown[]) => add(fn, ms, args, true),
      setImmediate: (fn: unknown, ...args: unknown[]) => add(fn, 0, args, false),
      clearTimeout: clear,
      clearInterval: clear,
      clearImmediate: clear,
    };
  }

  /** The timers waiting, in the order they will fire. */
  waiting(): Timer[] {
    return this.timers.slice().sort((a, b) => a.due - b.due || a.id - b.id);
  }

  /** Takes the timer due first off the queue (re-arming an interval) and moves the clock to it. */
  next(): Timer | null {
    const [first] = this.waiting();
    if (first === undefined) return null;
    this.now = Math.max(this.now, first.due);
    if (first.every > 0) first.due = this.now + first.every;
    else this.timers = this.timers.filter((t) => t !== first);
    return first;
  }
}
