/**
 * The two editors (CodeMirror 6): the source, which the reader edits, and the lowered output,
 * read-only. Both can carry the step's highlight: in the output, the lines of the `case` about
 * to run (its `case n:` line stronger); in the source, the ranges that case runs. An error marks
 * its place in the source.
 */
import { EditorState, StateEffect, StateField, type Extension, type Range as CMRange } from "@codemirror/state";
import { EditorView, Decoration, type DecorationSet, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from "@codemirror/language";
import { javascript } from "@codemirror/lang-javascript";
import type { Range } from "./machine-map.js";

/** What to highlight: whole lines (the output's case) and character ranges (the source it runs). */
export interface Highlight {
  lines: Range | null;
  ranges: Range[];
  /** Draw `ranges` as an error, not as the step. */
  error?: boolean;
}

const setHighlight = StateEffect.define<Highlight | null>();

const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    decorations = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setHighlight)) continue;
      const wanted = effect.value;
      if (wanted === null) {
        decorations = Decoration.none;
        continue;
      }
      const doc = transaction.state.doc;
      const marks: CMRange<Decoration>[] = [];
      if (wanted.lines !== null && wanted.lines.from < doc.length) {
        const first = doc.lineAt(wanted.lines.from).number;
        const last = doc.lineAt(Math.max(wanted.lines.from, Math.min(wanted.lines.to, doc.length) - 1)).number;
        for (let line = first; line <= last; line++) {
          marks.push(Decoration.line({ class: line === first ? "cm-step-case cm-step-case-label" : "cm-step-case" }).range(doc.line(line).from));
        }
      }
      for (const range of wanted.ranges) {
        const from = Math.min(range.from, doc.length);
        const to = Math.min(range.to, doc.length);
        if (to > from) marks.push(Decoration.mark({ class: wanted.error ? "cm-error-range" : "cm-step-source" }).range(from, to));
      }
      decorations = Decoration.set(marks, true);
    }
    return decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function base(): Extension[] {
  return [lineNumbers(), drawSelection(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }), bracketMatching(), javascript(), highlightField];
}

export class Editor {
  readonly view: EditorView;

  constructor(parent: HTMLElement, { readOnly, onChange, label }: { readOnly: boolean; onChange?: (text: string) => void; label: string }) {
    const extensions: Extension[] = base();
    if (readOnly) {
      extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false));
    } else {
      extensions.push(history(), indentOnInput(), highlightActiveLine(), keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]));
    }
    extensions.push(EditorView.contentAttributes.of({ "aria-label": label }));
    if (onChange) {
      extensions.push(
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      );
    }
    this.view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions }) });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole text (the highlight goes with it). */
  setText(text: string): void {
    if (text === this.text) return;
    this.shown = "null";
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text }, effects: setHighlight.of(null) });
  }

  private shown = "null";

  /** Shows `highlight` (null: none), scrolled into view. */
  highlight(highlight: Highlight | null): void {
    // The same highlight again (a stop in the same case): nothing to do.
    const key = JSON.stringify(highlight) + ":" + this.view.state.doc.length;
    if (key === this.shown) return;
    this.shown = key;
    const effects: StateEffect<unknown>[] = [setHighlight.of(highlight)];
    const target = highlight === null ? null : highlight.lines ?? highlight.ranges[0] ?? null;
    if (target !== null && target.from <= this.view.state.doc.length) effects.push(EditorView.scrollIntoView(target.from, { y: "nearest", yMargin: 40 }));
    this.view.dispatch({ effects });
  }
}
