/**
 * The machine panel: every coroutine the program has made, as the runtime holds it at this step —
 * what a generator object or an async call really is once lowered:
 *
 *     machine          status            state  sent     try row          pending finally     yield*
 *     countdown #1     running case 5    5      "stop"   0 · finally      row 0: return …     —
 *
 * `state` is the case the body runs next (while running: the case it is in or one of the same
 * try region); `sent` what the last next(v) or settled await brought in; the try row is the try
 * table's row whose block holds the state; a pending finally completion is what the finally block
 * will carry on with when it ends (a return, a throw or a jump); yield* names the delegate.
 */
import { h, fill } from "./dom.js";
import type { MachineSnapshot, Step } from "./recorder.js";

const KIND: Record<string, string> = { generator: "function*", async: "async function", asyncGenerator: "async function*" };

function statusText(m: MachineSnapshot): string {
  if (m.current !== null) return `running case ${m.current}`;
  if (m.status === "suspended" && m.kind === "async") return "awaiting";
  return m.status;
}

function tryText(m: MachineSnapshot): string {
  return m.tryRow < 0 ? "—" : `${m.tryRow} · ${m.tryPart}`;
}

function field(name: string, value: string, className: string): HTMLElement {
  return h("span", { class: `field ${className}` }, h("span", { class: "label" }, name), " ", h("span", { class: "value", title: value }, value));
}

export function renderMachines(parent: HTMLElement, step: Step | null): void {
  if (step === null || step.machines.length === 0) {
    fill(parent, h("p", { class: "empty" }, step === null ? "Run or Step to see the machines." : "No coroutine has been called yet."));
    return;
  }
  const cards = step.machines.map((m) =>
    h(
      "div",
      {
        class: ["machine", m.id === step.machine ? "machine-current" : "", m.done ? "machine-done" : ""].filter(Boolean).join(" "),
        "data-machine": m.id,
        "data-name": m.name,
        "data-state": m.state,
        "data-status": m.status,
        "data-current": m.current ?? "",
        "data-done": m.done,
      },
      h(
        "div",
        { class: "machine-head" },
        h("strong", { class: "name" }, `${m.name || "(anonymous)"} #${m.id}`),
        h("span", { class: "kind" }, KIND[m.kind] ?? m.kind),
        h("span", { class: "status" }, statusText(m)),
      ),
      h(
        "div",
        { class: "fields" },
        field("state", String(m.state), "state"),
        field("sent", m.sent, "sent"),
        field("try row", tryText(m), "try"),
        field("finally pending", m.pending.length === 0 ? "—" : m.pending.map((p) => `row ${p.row}: ${p.kind} ${p.kind === "jump" ? `to case ${p.value}` : p.value}`).join("; "), "pending"),
        field("yield*", m.delegate ?? (m.queued > 0 ? `${m.queued} request(s) queued` : "—"), "delegate"),
        field("done", m.done ? "yes" : "no", "done"),
        m.caught !== null && m.current !== null ? field("caught", m.caught, "caught") : null,
      ),
    ),
  );
  fill(parent, ...cards);
}
