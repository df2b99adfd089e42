/**
 * The console: what the program printed up to this step (one line per console.log / log call, in
 * the fixtures' transcript format), the lines the last step printed marked as new.
 */
import { h, fill } from "./dom.js";

export function renderConsole(parent: HTMLElement, lines: string[], upTo: number, newFrom: number): void {
  const shown = lines.slice(0, upTo);
  fill(
    parent,
    shown.length === 0
      ? h("p", { class: "empty" }, "(nothing printed yet)")
      : h("pre", { class: "console-lines" }, ...shown.map((line, i) => h("div", { class: i >= newFrom ? "line new" : "line" }, line))),
  );
  parent.scrollTop = parent.scrollHeight;
}
