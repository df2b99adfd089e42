/**
 * The console of the programs the playground runs: `console.log` and `log` print one line per
 * call in the fixtures' transcript format (fixtures/prelude.js: strings bare at the top level,
 * `[1, 'a']`, `{ value: 1, done: false }`, `TypeError: message`), the format every test of the
 * project compares with native Node's. The prelude itself is evaluated in the program's realm, so
 * the lines are exactly what the fixtures' harness prints for the same program run natively.
 */
import type { Realm } from "./trace-runtime.js";

export interface ProgramConsole {
  /** `console` for the program: log, info, warn, error, debug. */
  console: unknown;
  /** The fixtures' global `log(...)`. */
  log: (...args: unknown[]) => void;
  /** Formats one value as `log` does. */
  format: (value: unknown) => string;
}

/** Loads `prelude` (fixtures/prelude.js) in `realm`; each printed line goes to `print`. */
export function makeConsole(prelude: string, realm: Realm, print: (line: string) => void): ProgramConsole {
  const load = new realm.Function("__print", `${prelude}\nreturn { console: console, log: log, format: __format };`);
  return load(print) as ProgramConsole;
}
