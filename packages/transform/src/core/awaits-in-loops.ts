/**
 * Does an async function await inside a loop? The runtime drives the two kinds of call
 * differently (the runtime's async.ts, `settle` and `drive`): a call that awaits a few times is
 * cheapest driven by a native async function where the engine has them, whose promise is the
 * call's own; one that awaits in a loop is cheaper with the runtime's own promise callbacks, made
 * once per call, because the engine's `await` allocates more than a `then` does.
 *
 *     async function f(n) { return 1 + (await f(n - 1)); }          ->  return _ctx.drive();
 *     async function g(list) { for (const x of list) await x; }    ->  return _ctx.settle();
 *
 * Only speed depends on the answer: both are native's tick order. Nested functions await for
 * themselves; `for await` is a loop that awaits.
 */
import type { Node } from "@babel/types";
import { someNode } from "./walk.js";

const LOOPS = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);

function awaits(node: Node): boolean {
  return node.type === "AwaitExpression" || (node.type === "ForOfStatement" && node.await === true);
}

/** Is there an `await` (or a `for await`) inside a loop of `body`, outside nested functions? */
export function awaitsInLoop(body: Node): boolean {
  return someNode(body, (node) => LOOPS.has(node.type) && someNode(node, awaits));
}
