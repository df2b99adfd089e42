/**
 * The console: what the program printed up to this step (one line per console.log / log call, in
 * the fixtures' transcript format), the lines the last step printed marked as new.
 */
import { h, fill } from "./dom.js";

/** What the panel shows now, so that a stop that printed nothing changes nothing. */
const showing = new WeakMap<HTMLElement, string>();

export function renderConsole(parent: HTMLElement, lines: string[], upTo: number, newFrom: number): void {
  const key = `${lines.length}:${upTo}:${newFrom}:${lines === showingLines.get(parent) ? "same" : "other"}`;
  if (showing.get(parent) === key) return;
  showing.set(parent, key);
  showingLines.set(parent, lines);
  const shown = lines.slice(0, upTo);
  fill(
    parent,
    shown.length === 0
      ? h("p", { class: "empty" }, "(nothing printed yet)")
      : h("pre", { class: "console-lines" }, ...shown.map((line, i) => h("div", { class: i >= newFrom ? "line new" : "line" }, line))),
  );
  // Scrolled to the end at the next frame: reading the height now would force a layout per stop.
  requestAnimationFrame(() => {
    parent.scrollTop = parent.scrollHeight;
  });
}

const showingLines = new WeakMap<HTMLElement, string[]>();
