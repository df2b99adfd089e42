/**
 * The leap stack: where `break`, `continue` and `return` go while statements are being lowered.
 *
 * A `break` inside a lowered loop is no longer a `break` (the loop is gone: it became cases), it is
 * a jump to the case after the loop. Which case that is depends on the statements around the
 * `break`, so while a loop, `switch`, labeled statement or `try` is being lowered it sits on this
 * stack with its targets:
 *
 *     outer: for (;;) {          stack: [loop "outer" break->L9 continue->L2]
 *       switch (x) {             stack: [..., switch break->L7]
 *         case 1: break;         -> jump L7 (innermost switch or loop)
 *         case 2: continue outer -> jump L2
 *       }
 *     }
 *
 * A jump that leaves a `try` with a `finally` block cannot go straight to its target: the finally
 * block runs first. Such jumps are emitted as `_ctx.jump(L)`, which lets the runtime route through
 * the finally blocks (see the runtime's try table); all others are a plain `_ctx.state = L`.
 */
import type { Label } from "./emit.js";

export type Leap =
  | { kind: "loop"; breakLabel: Label; continueLabel: Label; names: string[] }
  | { kind: "switch"; breakLabel: Label }
  | { kind: "labeled"; breakLabel: Label; names: string[] }
  | { kind: "try"; hasFinally: boolean };

export interface Target {
  label: Label;
  /** True when the jump leaves a try statement that has a finally block. */
  crossesFinally: boolean;
}

export class LeapStack {
  private readonly stack: Leap[] = [];

  push(leap: Leap): void {
    this.stack.push(leap);
  }

  pop(): void {
    this.stack.pop();
  }

  /** Runs `body` with `leap` on the stack. */
  with<T>(leap: Leap, body: () => T): T {
    this.push(leap);
    try {
      return body();
    } finally {
      this.pop();
    }
  }

  /**
   * The target of `break [name]` / `continue [name]`, or null when no lowered statement is the
   * target (then the jump stays inside native code and is left alone).
   */
  find(kind: "break" | "continue", name: string | null): Target | null {
    let crossesFinally = false;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const leap = this.stack[i];
      if (leap.kind === "try") {
        crossesFinally = crossesFinally || leap.hasFinally;
        continue;
      }
      if (kind === "continue") {
        if (leap.kind === "loop" && (name === null || leap.names.includes(name))) {
          return { label: leap.continueLabel, crossesFinally };
        }
        continue;
      }
      if (name === null) {
        if (leap.kind === "loop" || leap.kind === "switch") return { label: leap.breakLabel, crossesFinally };
      } else if ((leap.kind === "loop" || leap.kind === "labeled") && leap.names.includes(name)) {
        return { label: leap.breakLabel, crossesFinally };
      }
    }
    return null;
  }
}
