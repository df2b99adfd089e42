/**
 * The examples menu: classics written for the page (examples/*.js: a round-robin scheduler, a
 * pipeline driven by next(v), a lexer, a retry loop with timeouts, an async generator feeding
 * `for await`, cleanup on early return) and the project's fixtures, one group per construct
 * (fixtures/<group>/<case>/input.js: each a small program that logs every step). A fixture the
 * plugin refuses (`throws` in its options.json) and the few that need what the playground's
 * environment lacks (left-out.ts) are not in the menu.
 */
import { LEFT_OUT } from "./left-out.js";

const classics = import.meta.glob("../examples/*.js", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const fixtures = import.meta.glob("../../../fixtures/*/*/input.js", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const fixtureOptions = import.meta.glob("../../../fixtures/*/*/options.json", { import: "default", eager: true }) as Record<string, FixtureOptions>;
const groupOptions = import.meta.glob("../../../fixtures/*/options.json", { import: "default", eager: true }) as Record<string, FixtureOptions>;

interface FixtureOptions {
  plugin?: { explain?: boolean };
  throws?: string;
  targets?: unknown;
}

export interface Example {
  /** "classics/countdown", "generators/yield-star-…" */
  id: string;
  group: string;
  name: string;
  source: string;
  /** The fixture's own plugin options (the `explained` group turns `explain` on). */
  explain?: boolean;
}

/** The classics, in the order a reader should meet them. */
const CLASSIC_ORDER = [
  "countdown",
  "round-robin-scheduler",
  "producer-consumer",
  "lexer",
  "retry-with-timeouts",
  "async-generator-for-await",
  "cleanup-on-early-return",
];

function classicExamples(): Example[] {
  const byName = new Map(Object.entries(classics).map(([path, source]) => [path.replace(/^.*\/([^/]+)\.js$/, "$1"), source]));
  const names = [...CLASSIC_ORDER.filter((n) => byName.has(n)), ...[...byName.keys()].filter((n) => !CLASSIC_ORDER.includes(n)).sort()];
  return names.map((name) => ({ id: `classics/${name}`, group: "classics", name, source: byName.get(name)! }));
}

function fixtureExamples(): Example[] {
  return Object.entries(fixtures)
    .flatMap(([path, source]) => {
      const [, group, name] = /fixtures\/([^/]+)\/([^/]+)\/input\.js$/.exec(path)!;
      const options = { ...groupOptions[path.replace(/[^/]+\/input\.js$/, "options.json")], ...fixtureOptions[path.replace(/input\.js$/, "options.json")] };
      const id = `${group}/${name}`;
      // (Nor the fixtures lowered for targets of their own: the page's plugin lowers for ES5.)
      if (options.throws !== undefined || options.targets !== undefined || LEFT_OUT[id] !== undefined) return [];
      return [{ id, group, name, source, ...(options.plugin?.explain ? { explain: true } : {}) }];
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const EXAMPLES: Example[] = [...classicExamples(), ...fixtureExamples()];

export function findExample(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}

/** Fills the menu: one <optgroup> per group. */
export function fillExamplesMenu(select: HTMLSelectElement): void {
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const example of EXAMPLES) {
    let group = groups.get(example.group);
    if (!group) {
      group = document.createElement("optgroup");
      group.label = example.group === "classics" ? "classics" : `fixtures: ${example.group}`;
      groups.set(example.group, group);
      select.append(group);
    }
    group.append(new Option(example.name.replace(/-/g, " "), example.id));
  }
}
