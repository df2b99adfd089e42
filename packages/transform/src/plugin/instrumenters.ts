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
 * Babel's own transforms are not waited for. transform-async-generator-functions (preset-env for
 * engines without async generators) lowers async generators and `for await` itself in its Program
 * visitor and must find them lowered already: where it follows and the file has either, the
 * lowering cannot wait and stays in Program (README Limits).
 */
import type { PluginPass } from "@babel/core";
import type { Node } from "@babel/types";
import { someNode } from "../core/walk.js";

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

/** What transform-async-generator-functions rewrites: an async generator, a `for await`. */
function asyncIteration(node: Node): boolean {
  return ((node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ObjectMethod" || node.type === "ClassMethod" || node.type === "ClassPrivateMethod") && node.async && node.generator) || (node.type === "ForOfStatement" && node.await);
}

/** True where a later plugin of this run, not Babel's, reads the file in its Program visitor, and none lowers the file's coroutines there. */
export function waitsForLaterProgramVisitors(state: PluginPass, program: Node): boolean {
  const plugins = (state.file.opts.plugins ?? []) as RunPlugin[];
  const own = plugins.findIndex((plugin) => plugin.key === state.key);
  if (own < 0) return false;
  const readers = plugins.slice(own + 1).filter(readsProgramOnEntry);
  if (!readers.some((plugin) => !BABEL_OWN.test(plugin.key ?? ""))) return false;
  return !(readers.some((plugin) => plugin.key === LOWERS_ON_ENTRY) && someNode(program, asyncIteration, () => true));
}
