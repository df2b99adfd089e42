/**
 * What the statement and expression lowering share while one function is being lowered: the
 * emitter, the leap stack, fresh temporaries, references to runtime helpers, and errors that point
 * at the source.
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, Node, AssignmentExpression } from "@babel/types";
import type { Emitter } from "./emit.js";
import type { LeapStack } from "./leap.js";
import type { CallSites } from "./call-sites.js";
import type { TargetSyntax } from "./target-syntax.js";

export interface Lowering {
  readonly t: typeof BabelTypes;
  readonly emitter: Emitter;
  readonly leaps: LeapStack;
  /** A fresh variable of the outer function (declared there with `var`). */
  temp(hint: string): Identifier;
  /** `_stepwise.<name>`: a runtime helper. */
  helper(name: string): Expression;
  /** Is `node` the runtime namespace `_stepwise` (which never changes)? */
  isRuntime(node: Node): boolean;
  /** An error with a code frame pointing at `node`. */
  error(node: Node, message: string): Error;
  /** A constant of the whole file, made once before any code runs (see FileContext.constant). */
  constant(hint: string, value: Expression): Identifier;
  /** A short piece of the source text of `node`, for explaining comments. */
  snippet(node: Node | null): string;
  /** What is known about the body's calls from before the passes changed them (call-sites.ts). */
  readonly calls: CallSites;
  /** Is this identifier one a call can read again at the call (a stable binding, or the saved `this`)? */
  isStable(node: Identifier): boolean;
  /** The syntax the configured targets have: kept as written where no suspension splits it. */
  readonly syntax: TargetSyntax;
  /** Is this `_stepwise.<name>`, a runtime helper the plugin itself emitted? */
  isHelper(node: Node): boolean;
  /**
   * Lowers a destructuring assignment marked to be lowered where it stands (destructuring.ts) and
   * returns its value.
   */
  lowerInPlace(node: AssignmentExpression, ignoreResult: boolean): Expression;
}

