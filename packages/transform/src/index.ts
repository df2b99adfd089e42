/**
 * @stepwise/babel-plugin: lowers generator and async functions into explicit switch-based state machines
 * that the small @stepwise/runtime resumes. Works with Babel 7 (>= 7.22) and Babel 8.
 *
 *     // babel.config.js
 *     export default { plugins: [["@stepwise", { runtime: "import" }]] };
 *
 * This is the Node entry: the plugin (plugin/plugin.ts) with the runtime's prebuilt scripts read
 * from the installed @stepwise/runtime (plugin/node-runtime-scripts.ts). The layers below it:
 *
 *     plugin/   options, how output reaches the runtime, the plugin factory
 *     core/     the compiler: one generator or async function in, one state machine out
 *     views/    the machines as diagrams (DOT, Mermaid)
 *     cli/      the `stepwise` command (Node-only)
 *
 * src/browser.ts is the same plugin for a page, without anything Node-only.
 */
import { createPlugin } from "./plugin/plugin.js";
import { nodeRuntimeScripts } from "./plugin/node-runtime-scripts.js";
import { nodeIsRequired } from "./plugin/node-targets.js";

export default createPlugin(nodeRuntimeScripts, nodeIsRequired);

export { validateOptions } from "./plugin/options.js";
