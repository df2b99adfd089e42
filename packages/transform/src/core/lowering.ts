/**
 * What the statement and expression lowering share while one function is being lowered: the
 * emitter, the leap stack, fresh temporaries, references to runtime helpers, and errors that point
 * at the source.
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, Node, AssignmentExpression } from "@babel/types";
import type { Emitter } from "./emit.js";
import type { LeapStack } from "./leap.js";

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
  /**
   * Lowers a destructuring assignment marked to be lowered where it stands (destructuring.ts) and
   * returns its value.
   */
  lowerInPlace(node: AssignmentExpression, ignoreResult: boolean): Expression;
}

