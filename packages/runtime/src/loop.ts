/**
 * The job loop: the event loop of the textbook explanation, for engines that have none.
 *
 * Promise callbacks never run inside the code that schedules them; they wait in a queue of jobs
 * and run, in order, once the current script (or timer callback) has finished — the host's
 * "microtask checkpoint". Engines such as Duktape and MuJS have no such queue and no timers, so
 * the runtime keeps its own:
 *
 *     enqueueJob(job)   append a job (promise reactions, thenable resolutions)
 *     drain()           run jobs until the queue is empty; jobs may queue more jobs
 *
 * Who calls `drain`: where the host has `setTimeout` (Rhino, browsers without Promise) the first
 * job queued schedules a drain with it; on engines without timers the plugin's `drain: true`
 * option ends the lowered script with `_stepwise.drain()`, which is exactly where a host would
 * run its microtask checkpoint.
 *
 *     script:  log(1); f(); log(2);        // f awaits: its continuation is queued
 *              _stepwise.drain();           // runs f's continuation, then whatever it queued
 */
declare const setTimeout: ((callback: () => void, ms: number) => unknown) | undefined;

const hostTimer = typeof setTimeout === "function" ? setTimeout : undefined;

const jobs: ((() => void) | undefined)[] = [];
let head = 0;
let draining = false;
let scheduled = false;

export function enqueueJob(job: () => void): void {
  jobs.push(job);
  if (!draining && !scheduled && hostTimer !== undefined) {
    scheduled = true;
    hostTimer(drain, 0);
  }
}

/** Runs every queued job, including those queued meanwhile. Jobs do not throw (they catch). */
export function drain(): void {
  scheduled = false;
  if (draining) return;
  draining = true;
  try {
    while (head < jobs.length) {
      const job = jobs[head]!;
      jobs[head++] = undefined;
      job();
      if (head > 1024 && head * 2 > jobs.length) {
        // Drop the finished part of the queue, so a long run does not grow the array forever.
        jobs.splice(0, head);
        head = 0;
      }
    }
  } finally {
    jobs.length = 0;
    head = 0;
    draining = false;
  }
}

// For trace.ts alone (the playground steps through the queue job by job): builds without the
// trace module leave these out, as nothing else calls them.

/** The jobs waiting, oldest first. */
export function waitingJobs(): (() => void)[] {
  return jobs.slice(head) as (() => void)[];
}

/** Runs the oldest waiting job; false when there is none. */
export function runNextJob(): boolean {
  if (head >= jobs.length) {
    jobs.length = 0;
    head = 0;
    return false;
  }
  const job = jobs[head]!;
  jobs[head++] = undefined;
  job();
  return true;
}
