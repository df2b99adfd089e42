/**
 * @stepwise/babel-plugin/browser: the plugin and its diagrams for a page (the playground), with
 * nothing Node-only in what it imports — no file system, no child processes, no Graphviz binary,
 * no ts-morph (those stay in cli/ and plugin/node-runtime-scripts.ts).
 *
 *     import { createPlugin, staticRuntimeScripts } from "@stepwise/babel-plugin/browser";
 *     const stepwise = createPlugin(staticRuntimeScripts(pieces, { "runtime-trace.js": text }));
 *     babel.transform(code, { plugins: [[stepwise, { explain: true }]] });
 *
 * The page bundles the runtime's pieces (dist/pieces.json) itself and hands them in, for
 * `runtime: "inline"`, with the trace build's script (dist/runtime-trace.js) for `trace: true`.
 */
export { createPlugin } from "./plugin/plugin.js";
export { staticRuntimeScripts, type RuntimeScripts } from "./plugin/runtime-scripts.js";
export type { RuntimeManifest } from "./plugin/runtime-pieces.js";
export { validateOptions, type Options, type RuntimeMode } from "./plugin/options.js";
export { buildGraphs, toDot, machineTitle } from "./views/graph.js";
export { firstRunTryOf } from "./core/first-run.js";
export type { MachineGraph, CaseNode, GraphEdge, EdgeKind, MachineKind, Block, TryRow } from "./views/graph.js";
