/**
 * The plugin itself: a Babel plugin factory that lowers generator and async functions into
 * explicit switch-based state machines that the small @stepwise/runtime resumes. Works with
 * Babel 7 (>= 7.22) and Babel 8. It needs nothing from its environment but the runtime's
 * pieces (for `runtime: "inline"`), handed in by the entry: src/index.ts under Node,
 * src/browser.ts in a page.
 *
 * Functions are lowered on the way out of the traversal, so a generator nested in another is
 * lowered first, and the outer one sees an ordinary function there. The traversal only goes down
 * the part of the file that holds coroutines.
 */
import type { PluginAPI, PluginObject, PluginPass, NodePath } from "@babel/core";
import type { Function as FunctionNode, Node, Program, Statement } from "@babel/types";
import { validateOptions } from "./options.js";
import { RuntimeReference } from "./runtime-ref.js";
import { FileSetup } from "./file-setup.js";
import { isOwnRuntimeFile } from "./own-runtime.js";
import { unhide, waitForLaterProgramVisitors } from "./instrumenters.js";
import { engineFallbacks, nativeRuntimeFits } from "./engine-fallbacks.js";
import type { RuntimeScripts } from "./runtime-scripts.js";
import { everythingRequired, syntaxOfTargets, type IsRequired } from "./targets.js";
import { lowerFunction, type FileContext } from "../core/lower-function.js";
import { MethodIdentity } from "../core/method-identity.js";
import { arrowToFunction } from "../core/async-arrows.js";
import { coroutineSpine, isCoroutine } from "../core/contains.js";
import { useVisitorKeys } from "../core/walk.js";
import { quoteReservedKeys } from "../core/es5-syntax.js";

export interface State extends PluginPass {
  stepwise?: FileContext;
  /** The nodes with a coroutine inside them (see coroutineSpine). */
  spine?: Set<Node>;
  /** The lowering waits for the program's first statement (instrumenters.ts): the functions hidden meanwhile. */
  waiting?: FunctionNode[] | null;
}

/**
 * The plugin, for an environment that hands it the runtime's prebuilt scripts (see
 * runtime-scripts.ts) and, to keep the syntax the targets have, the compat data's answer to
 * "do these targets need this Babel plugin?" (see targets.ts; without it: ES5 output).
 */
export function createPlugin(scripts: RuntimeScripts, isRequired: IsRequired = everythingRequired) {
  return function stepwise(api: PluginAPI, rawOptions: unknown): PluginObject<State> {
    return buildPlugin(api, rawOptions, scripts, isRequired);
  };
}

function buildPlugin(api: PluginAPI, rawOptions: unknown, scripts: RuntimeScripts, isRequired: IsRequired): PluginObject<State> {
  api.assertVersion("^7.22.0 || ^8.0.0");
  const options = validateOptions(rawOptions);
  const t = api.types;
  const syntax = syntaxOfTargets(api, isRequired);
  useVisitorKeys(t.VISITOR_KEYS);
  const parse = (code: string) => api.template.statements.ast(code, { preserveComments: false }) as Statement[];
  // Babel's targets, read here (reading them configures Babel's cache of this plugin).
  const targets = (api.targets?.() ?? {}) as Record<string, string>;

  /** Lowers a generator or async function (an async arrow first becomes a function). */
  const lower = (path: NodePath<FunctionNode>, state: State) => {
    const node = path.node;
    if (node.generator && !node.async) {
      lowerFunction(path, state.stepwise!, "generator");
    } else if (node.async && node.generator) {
      lowerFunction(path, state.stepwise!, "asyncGenerator");
    } else {
      // An async arrow keeps the this/arguments/new.target/super of the code around it. Where the
      // targets have arrows it stays one (its machine saves them inside it), so that, as natively,
      // it has no `prototype`, `caller` or `arguments` of its own and `new` on it throws.
      if (path.isArrowFunctionExpression() && !syntax.arrows) arrowToFunction(path, t, (name) => state.stepwise!.runtime.helper(name));
      lowerFunction(path, state.stepwise!, "async");
    }
  };

  /**
   * Goes down only where a coroutine is (the spine); lowers each one on the way out, so a nested
   * generator is lowered before the one around it. A coroutine with none inside it is lowered on
   * the way in, and its body is never walked by this traversal.
   */
  const lowering = {
    enter(path: NodePath, state: State) {
      if (state.spine!.has(path.node)) return;
      if (isCoroutine(path.node)) lower(path as NodePath<FunctionNode>, state);
      path.skip();
    },
    exit(path: NodePath, state: State) {
      if (isCoroutine(path.node)) lower(path as NodePath<FunctionNode>, state);
    },
  };

  return {
    name: "stepwise",
    // Where a later plugin skipped the program's statements, nothing is left unlowered.
    post(file) {
      if (this.waiting) lowerWhenWaited(file.path as NodePath<Program>, this);
    },
    visitor: {
      Program: {
        // The whole file is lowered here, in a traversal of its own, before the other plugins of
        // the same run (e.g. @babel/preset-env's parameters or for-of) rewrite these functions'
        // bodies with their own, looser helpers; or, where a coverage instrumenter follows, at
        // the first statement, once it has counted the source (instrumenters.ts).
        enter(path: NodePath<Program>, state: State) {
          // The runtime's own build is written with the syntax it takes the engine's intrinsics from.
          if (isOwnRuntimeFile(state.file.ast)) return;
          state.spine = coroutineSpine(path.node);
          if (state.spine.size === 0) return;
          state.waiting = waitForLaterProgramVisitors(state, path.node);
          if (!state.waiting) lowerFile(path, state);
        },
      },
      Statement(path: NodePath<Statement>, state: State) {
        if (state.waiting) lowerWhenWaited(path.findParent((p) => p.isProgram()) as NodePath<Program>, state);
      },
    },
  };

  /** The lowering that waited for a later plugin's Program visitor (instrumenters.ts). */
  function lowerWhenWaited(program: NodePath<Program>, state: State): void {
    unhide(state.waiting!);
    state.waiting = null;
    // The instrumenter's counters may stand between the program and its coroutines now.
    state.spine = coroutineSpine(program.node);
    if (state.spine.size > 0) lowerFile(program, state);
  }

  /** Lowers every coroutine of the file and sets up the runtime reference it needs. */
  function lowerFile(path: NodePath<Program>, state: State): void {
    let traced = 0;
    const setup = new FileSetup(path, t);
    const pluginKeys = state.file.opts.plugins?.map((plugin) => plugin.key ?? "") ?? [];
    const runtime = new RuntimeReference(
      path,
      options.runtime,
      t,
      parse,
      scripts,
      options.trace,
      options.runtime === "inline" ? engineFallbacks(targets, pluginKeys) : undefined,
      options.runtime === "inline" && nativeRuntimeFits(targets, pluginKeys),
    );
    state.stepwise = {
      t,
      explain: options.explain,
      traceIndex: options.trace ? () => traced++ : null,
      code: state.file.code,
      runtime,
      setup,
      syntax,
      methods: new MethodIdentity(t, (name) => runtime.helper(name)),
      error: (node, message) => state.file.buildCodeFrameError(node, message),
      babelHelper: (node, name) => {
        if (!state.file.availableHelper(name)) throw state.file.buildCodeFrameError(node, `this needs Babel's helper "${name}", which @babel/core ${api.version} does not have: update @babel/core`);
        const ref = state.file.addHelper(name);
        // A helper's text is Babel's: its property names are made ES3-safe as the body's are.
        if (!syntax.reservedWordKeys && ref.type === "Identifier") {
          const declaration = path.node.body.find((s) => s.type === "FunctionDeclaration" && s.id?.name === ref.name);
          if (declaration) quoteReservedKeys(t, declaration);
        }
        return ref;
      },
    };
    path.traverse(lowering, state);
    state.stepwise.methods.wrapContainers(path);
    if (options.drain) runtime.drainAtEnd();
    const value = runtime.value(setup.pending());
    setup.finish(runtime.name(), value, (deferred) => runtime.inject(value, deferred));
  }
}

