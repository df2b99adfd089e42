/**
 * The state diagram of one machine: the graph `stepwise --graph` draws (views/graph.ts builds the
 * same DOT from the output), rendered in the page by Graphviz compiled to WebAssembly
 * (@viz-js/viz). While stepping, the case about to run is marked, and the edge just taken (the
 * fall-through, jump, or the yield/await that resumed it) is drawn stronger.
 *
 * Node ids are the graph's: `m0_c2` is case 2 of the first machine, `m0_start`, `m0_done`; an
 * edge's SVG title is `from->to`.
 */
import { instance, type Viz } from "@viz-js/viz";
import { toDot, machineTitle, type MachineGraph } from "@stepwise/babel-plugin/browser";

let viz: Promise<Viz> | null = null;

export interface Mark {
  /** The case about to run (or, after a machine returned, -1: its "done" node). */
  n: number;
  /** The case run before it (-1: the start). */
  from: number;
  done?: boolean;
}

export class Diagram {
  private graphs: MachineGraph[] = [];
  private shown = -1;
  private svgs = new Map<number, SVGSVGElement>();
  private generation = 0;
  /** Resolves once the shown machine's SVG is in the page (the tests wait on it). */
  ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly container: HTMLElement,
    private readonly select: HTMLSelectElement,
  ) {
    select.addEventListener("change", () => this.show(Number(select.value), null));
  }

  /** A new compile: its machines' graphs. */
  setGraphs(graphs: MachineGraph[]): void {
    this.graphs = graphs;
    this.svgs.clear();
    this.generation++;
    this.select.replaceChildren(...graphs.map((g, i) => new Option(machineTitle(g), String(i))));
    this.select.disabled = graphs.length === 0;
    this.shown = -1;
    if (graphs.length === 0) {
      this.container.replaceChildren(Object.assign(document.createElement("p"), { className: "empty", textContent: "No coroutine in this program." }));
      return;
    }
    this.show(0, null);
  }

  get selected(): number {
    return this.shown;
  }

  /** Shows machine `index` with `mark` on it (null: nothing marked). */
  show(index: number, mark: Mark | null): Promise<void> {
    if (index < 0 || index >= this.graphs.length) return this.ready;
    this.select.value = String(index);
    const generation = this.generation;
    this.ready = this.render(index).then((svg) => {
      if (generation !== this.generation) return;
      if (this.shown !== index) {
        this.container.replaceChildren(svg);
        this.shown = index;
      }
      this.mark(svg, this.graphs[index], mark);
    });
    this.ready.catch((error) => {
      this.container.replaceChildren(Object.assign(document.createElement("pre"), { className: "error", textContent: String(error) }));
    });
    return this.ready;
  }

  private async render(index: number): Promise<SVGSVGElement> {
    const cached = this.svgs.get(index);
    if (cached) return cached;
    viz ??= instance();
    const svg = (await viz).renderSVGElement(toDot([this.graphs[index]], this.graphs[index].name));
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    this.svgs.set(index, svg);
    return svg;
  }

  private mark(svg: SVGSVGElement, graph: MachineGraph, mark: Mark | null): void {
    for (const old of svg.querySelectorAll(".current, .taken")) old.classList.remove("current", "taken");
    if (mark === null) return;
    const nodeId = mark.done ? graph.doneId : `${graph.id}_c${mark.n}`;
    const fromId = mark.from < 0 ? graph.startId : `${graph.id}_c${mark.from}`;
    for (const g of svg.querySelectorAll<SVGGElement>("g.node, g.edge")) {
      const title = g.querySelector("title")?.textContent ?? "";
      if (g.classList.contains("node") && title === nodeId) g.classList.add("current");
      if (g.classList.contains("edge") && title === `${fromId}->${nodeId}`) g.classList.add("taken");
    }
  }
}
