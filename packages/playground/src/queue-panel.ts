/**
 * The job queue: what runs next once the current task is over — the runtime's promise jobs (in
 * the playground the runtime runs on its own job loop, the one it uses on engines without a
 * Promise), then the timers, by due time on the virtual clock. Each is listed with what it will
 * resume ("countdown #1 → case 2"), which the recording knows because it saw the job run.
 */
import { h, fill } from "./dom.js";
import type { Recording, Step } from "./recorder.js";

function taskName(key: string): string {
  if (key === "script") return "the script";
  if (key === "end") return "nothing: the program has finished";
  return `${key.startsWith("j") ? "job" : "timer"} ${key.slice(1)}`;
}

export function renderQueue(parent: HTMLElement, recording: Recording | null, step: Step | null): void {
  if (recording === null || step === null) {
    fill(parent, h("p", { class: "empty" }, "Nothing is running."));
    return;
  }
  const running = h(
    "p",
    { class: "running", "data-task": step.task },
    h("strong", {}, "running: "),
    taskName(step.task),
    step.task !== "script" && step.task !== "end" ? ` — ${recording.labels.get(step.task) ?? ""}` : "",
    ` · clock ${step.clock} ms`,
  );
  const items = step.queue.map((entry) =>
    h(
      "li",
      { class: entry.key.startsWith("j") ? "job" : "timer", "data-key": entry.key },
      h("span", { class: "task" }, taskName(entry.key)),
      entry.due !== undefined ? h("span", { class: "due" }, ` at ${entry.due} ms`) : null,
      h("span", { class: "resumes" }, ` → ${recording.labels.get(entry.key) ?? "does not run (the recording stopped)"}`),
    ),
  );
  fill(parent, running, items.length > 0 ? h("ol", { class: "queue" }, ...items) : h("p", { class: "empty" }, "The queue is empty."));
}
