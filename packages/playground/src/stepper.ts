/**
 * The stepping controller: a position in a recording, and the moves the buttons make.
 *
 *     Step             the next stop: a case about to run, a machine leaving its body, a job
 *     Step back        the stop before (free: the recording keeps every one)
 *     Step over resume the rest of the current resume, to where the machine yields, awaits,
 *                      returns or throws (nested resumes it makes run inside it)
 *     Next job         to the first stop of the next job or timer on the queue
 *     Run              to the end
 *     Reset            to the first stop
 */
import type { Recording, Step } from "./recorder.js";

export class Stepper {
  index = 0;

  constructor(readonly recording: Recording) {}

  get step(): Step {
    return this.recording.steps[this.index];
  }

  get atEnd(): boolean {
    return this.index >= this.recording.steps.length - 1;
  }

  private go(index: number): Step {
    this.index = Math.max(0, Math.min(index, this.recording.steps.length - 1));
    return this.step;
  }

  next(): Step {
    return this.go(this.index + 1);
  }

  back(): Step {
    return this.go(this.index - 1);
  }

  /** From a case: to the stop where its resume ends (the machine's "suspend"); else one step. */
  overResume(): Step {
    const here = this.step;
    if (here.kind !== "case") return this.next();
    const steps = this.recording.steps;
    for (let k = this.index + 1; k < steps.length; k++) {
      const s = steps[k];
      if (s.kind === "suspend" && s.machine === here.machine && s.resume === here.resume) return this.go(k);
      if (s.depth < here.depth - 1 || s.kind === "end") return this.go(k);
    }
    return this.go(steps.length - 1);
  }

  /** To the first stop of the next task (a job or a timer). */
  nextJob(): Step {
    const steps = this.recording.steps;
    const task = this.step.task;
    for (let k = this.index + 1; k < steps.length; k++) if (steps[k].task !== task) return this.go(k);
    return this.go(steps.length - 1);
  }

  run(): Step {
    return this.go(this.recording.steps.length - 1);
  }

  reset(): Step {
    return this.go(0);
  }
}
