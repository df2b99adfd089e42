/**
 * Whether the file's lowering waits for plugins after this one that read the whole file on
 * entering it: coverage instrumenters (babel-plugin-istanbul, which babel-jest and nyc add after
 * the config's own plugins) count the statements, functions and branches of the code they see in
 * their Program visitor. Lowering first would make them count the state machine (a branch taken
 * read as not taken, the function's location lost, a `break` gone), so `jest --coverage` would
 * report lines the source does not have. Such a plugin, seen later in the same run, makes the
 * lowering happen at the program's first statement instead, after every Program visitor and before
 * any other plugin's visitor of a node inside it: what the instrumenter adds is ordinary code the
 * machine then runs where the statement it counts runs.
 *
 *   plugins: [stepwise, istanbul]    Program enter: stepwise waits; istanbul counts `function* g`
 *                                    first statement: stepwise lowers g, its counters included
 *
 * Babel's own transforms are not waited for. One of them lowers coroutines in its own Program
 * visitor: transform-async-generator-functions (preset-env for engines without async generators)
 * rewrites every async function that holds a `for await`, and every async generator, with Babel's
 * helpers. Where it follows, those functions are hidden from it while the lowering waits: their
 * `async` flag is cleared (its visitor starts with `if (!node.async) return`) and set again
 * before the lowering, which then finds them as written; nothing runs in between but the other
 * plugins' Program visitors.
 */
import type { PluginPass } from "@babel/core";
import type { Function as FunctionNode, Node } from "@babel/types";
import { isFunctionNode, someNode } from "../core/walk.js";

/** A plugin of the run as Babel keeps it: its key and its exploded visitor. */
interface RunPlugin {
  key?: string | null;
  visitor?: { Program?: { enter?: unknown } };
}

const BABEL_OWN = /^(transform|proposal|bugfix|syntax)-|@babel[\\/]/;
const LOWERS_ON_ENTRY = "transform-async-generator-functions";

function readsProgramOnEntry(plugin: RunPlugin): boolean {
  const enter = plugin.visitor?.Program?.enter;
  return Array.isArray(enter) ? enter.length > 0 : typeof enter === "function";
}

/** What transform-async-generator-functions rewrites: an async generator, an async function with a `for await`. */
function asyncIterating(node: Node): node is FunctionNode {
  if (!isFunctionNode(node)) return false;
  const fn = node as FunctionNode;
  return fn.async && (fn.generator || someNode(fn.body, (n) => n.type === "ForOfStatement" && n.await));
}

/**
 * Decides, on entering the program, whether the lowering waits (instrumenters follow). Returns the
 * functions hidden from transform-async-generator-functions meanwhile, to be handed to `unhide`;
 * null where the lowering does not wait.
 */
export function waitForLaterProgramVisitors(state: PluginPass, program: Node): FunctionNode[] | null {
  const plugins = (state.file.opts.plugins ?? []) as RunPlugin[];
  const own = plugins.findIndex((plugin) => plugin.key === state.key);
  if (own < 0) return null;
  const readers = plugins.slice(own + 1).filter(readsProgramOnEntry);
  if (!readers.some((plugin) => !BABEL_OWN.test(plugin.key ?? ""))) return null;
  const hidden: FunctionNode[] = [];
  if (plugins.slice(own + 1).some((plugin) => plugin.key === LOWERS_ON_ENTRY)) {
    someNode(program, (node) => {
      if (asyncIterating(node)) hidden.push(node);
      return false;
    }, () => true);
    for (const fn of hidden) fn.async = false;
  }
  return hidden;
}

/** Gives the hidden functions their `async` back, before the lowering reads them. */
export function unhide(hidden: FunctionNode[]): void {
  for (const fn of hidden) fn.async = true;
}
