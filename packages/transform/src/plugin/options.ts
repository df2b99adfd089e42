/**
 * The plugin's options, checked up front: a misspelt option or value is an error that names it
 * and lists what is allowed, never silently ignored.
 */
export type RuntimeMode = "import" | "inline" | "global";

export interface Options {
  /**
   * How output reaches the runtime:
   * - "import" (default): `import * as _stepwise from "@stepwise/runtime"` in ES modules,
   *   `var _stepwise = require("@stepwise/runtime")` in scripts and CommonJS;
   * - "inline": the runtime itself is put at the top of the file, once, so the file runs alone;
   * - "global": `var _stepwise = stepwise;`, the variable the prebuilt runtime script
   *   (`@stepwise/runtime/dist/runtime.js`) declares, for engines and pages without modules.
   */
  runtime: RuntimeMode;
  /**
   * End the file with `_stepwise.drain()`: run the promise jobs the script queued, for engines
   * that have neither Promise nor an event loop (Duktape, MuJS). Default false.
   */
  drain: boolean;
  /** Leave comments in the output that explain each case: where it came from, what suspends, what resumes it. */
  explain: boolean;
  /**
   * Report every machine made and every case about to run to the runtime's tracing hooks
   * (`@stepwise/runtime/trace`), for a host that watches the machines run — the playground.
   * Default false: then nothing of it is in the output, and no runtime build but the trace
   * builds holds the hooks.
   */
  trace: boolean;
}

const RUNTIME_MODES: RuntimeMode[] = ["import", "inline", "global"];
const KNOWN: (keyof Options)[] = ["runtime", "drain", "explain", "trace"];

export function validateOptions(raw: unknown): Options {
  const options: Options = { runtime: "import", drain: false, explain: false, trace: false };
  if (raw == null) return options;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error(`@stepwise/babel-plugin: options must be an object, got ${JSON.stringify(raw)}.`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!(KNOWN as string[]).includes(key)) {
      throw new Error(`@stepwise/babel-plugin: unknown option "${key}". Known options: ${KNOWN.map((k) => `"${k}"`).join(", ")}.`);
    }
    if (key === "runtime") {
      if (!(RUNTIME_MODES as unknown[]).includes(value)) {
        throw new Error(
          `@stepwise/babel-plugin: option "runtime" must be one of ${RUNTIME_MODES.map((m) => `"${m}"`).join(", ")}; got ${JSON.stringify(value)}.`,
        );
      }
      options.runtime = value as RuntimeMode;
    } else {
      if (typeof value !== "boolean") {
        throw new Error(`@stepwise/babel-plugin: option "${key}" must be true or false; got ${JSON.stringify(value)}.`);
      }
      options[key as "drain" | "explain" | "trace"] = value;
    }
  }
  return options;
}
