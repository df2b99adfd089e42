// Several copies of the runtime in one realm (each file compiled with `runtime: "inline"` carries
// one): they share the coroutine intrinsics (realm.ts), and `yield*` between their generators
// behaves as natively, whether it runs the delegation chain flat (machines of the same copy,
// delegate.ts's isOwnGenerator) or calls the other copy's generator like any iterator. Needs
// `npm run build`.
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const script = readFileSync(join(here, "..", "dist", "runtime.js"), "utf8");

interface Runtime {
  generator(fn: Function | null, self: unknown, body: (ctx: any) => unknown): object;
  mark<F extends Function>(fn: F): F;
  GeneratorPrototype: Record<string, Function>;
}

/** Two copies of dist/runtime.js loaded in one fresh realm. */
function twoCopies(): { a: Runtime; b: Runtime; realm: vm.Context } {
  const realm = vm.createContext({});
  const a = vm.runInContext(`${script}\nstepwise`, realm) as Runtime;
  const b = vm.runInContext(`${script}\nstepwise`, realm) as Runtime;
  return { a, b, realm };
}

/** `function* inner() { const x = yield 1; return "inner got " + x; }`, lowered onto `runtime`. */
function innerOf(runtime: Runtime, log: string[]) {
  function inner(this: unknown): object {
    return runtime.generator(inner, this, function (ctx) {
      for (;;)
        switch (ctx.state) {
          case 0:
            return ctx.yield(1, 1);
          case 1:
            log.push("inner resumed with " + ctx.sent);
            return ctx.finish("inner got " + ctx.sent);
        }
    });
  }
  return runtime.mark(inner);
}

/** `function* outer(it) { return yield* it; }`, lowered onto `runtime`. */
function outerOf(runtime: Runtime) {
  function outer(this: unknown, it: object): object {
    return runtime.generator(outer, this, function (ctx) {
      for (;;)
        switch (ctx.state) {
          case 0:
            return ctx.delegate(it, 1);
          case 1:
            return ctx.finish(ctx.sent);
        }
    });
  }
  return runtime.mark(outer);
}

describe("two copies of the runtime in one realm", () => {
  test("share %GeneratorPrototype%", () => {
    const { a, b } = twoCopies();
    expect(a.GeneratorPrototype).toBe(b.GeneratorPrototype);
  });

  test.each([
    ["the same copy", false],
    ["another copy", true],
  ])("yield* to a generator of %s: the values, results and return() of native yield*", (_name, across) => {
    const { a, b } = twoCopies();
    const log: string[] = [];
    type Gen = { next(v?: unknown): unknown; return(v?: unknown): unknown };
    const outer = outerOf(a)(innerOf(across ? b : a, log)()) as Gen;
    expect(outer.next()).toEqual({ value: 1, done: false });
    expect(outer.next("x")).toEqual({ value: "inner got x", done: true });
    expect(log).toEqual(["inner resumed with x"]);
    const inner2 = innerOf(across ? b : a, log)() as Gen;
    const outer2 = outerOf(a)(inner2) as Gen;
    outer2.next();
    expect(outer2.return("early")).toEqual({ value: "early", done: true });
    expect(inner2.next()).toEqual({ value: undefined, done: true }); // closed by the return()
    expect(log).toEqual(["inner resumed with x"]);
  });
});
