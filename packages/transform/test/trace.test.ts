// The `trace` option over every fixture: the traced output is the untraced one plus the two
// hooks and nothing else (same cases, jumps, try tables), and it behaves the same — its
// transcript, run on the trace build of the runtime (`@stepwise/runtime/trace`, evaluated in the
// script's realm), equals the native one.
import { describe, expect, test } from "@jest/globals";
import { parse } from "@babel/parser";
import _generate from "@babel/generator";
import type { Node } from "@babel/types";
import { listCases, loadCase, pluginOptionsFor, runScript, transformFixture } from "../../../fixtures/harness.mjs";

const generate = ((_generate as unknown as { default?: typeof _generate }).default ?? _generate) as typeof _generate;

/** `_stepwise.<name>(...)`? */
function isHook(node: Node | null | undefined, name: string): node is Node & { type: "CallExpression" } {
  return (
    !!node &&
    node.type === "CallExpression" &&
    node.callee.type === "MemberExpression" &&
    node.callee.property.type === "Identifier" &&
    node.callee.property.name === name
  );
}

/** The code with every trace hook taken out, `traceMachine(m, ...)` replaced by `m`, printed alike. */
function withoutTrace(code: string): string {
  const ast = parse(code, { sourceType: "unambiguous" });
  let hooks = 0;
  const visit = (node: Node): Node => {
    for (const key of Object.keys(node) as (keyof Node)[]) {
      const value = node[key] as unknown;
      if (Array.isArray(value)) {
        const kept = value.filter((child: Node) => {
          const drop = child && child.type === "ExpressionStatement" && isHook(child.expression, "traceCase");
          if (drop) hooks++;
          return !drop;
        });
        (node as unknown as Record<string, unknown>)[key] = kept.map((child: Node) => (child && typeof child.type === "string" ? visit(child) : child));
      } else if (value && typeof value === "object" && typeof (value as Node).type === "string") {
        let child = value as Node;
        while (isHook(child, "traceMachine")) {
          hooks++;
          child = child.arguments[0] as Node;
        }
        (node as unknown as Record<string, unknown>)[key] = visit(child);
      }
    }
    return node;
  };
  visit(ast);
  if (hooks === 0) throw new Error("no trace hooks in the traced output");
  return generate(ast, { comments: false }).code.replace('"@stepwise/runtime/trace"', '"@stepwise/runtime"');
}

function printed(code: string): string {
  return generate(parse(code, { sourceType: "unambiguous" }), { comments: false }).code;
}

const cases = listCases()
  .map(loadCase)
  .filter((c) => c.options.throws === undefined);

describe("trace: true over the fixtures", () => {
  for (const fixture of cases) {
    test(fixture.name, async () => {
      const filename = fixture.inputPath;
      const targets = fixture.options.targets;
      const plain = transformFixture(fixture.input, { filename, options: pluginOptionsFor(fixture.options, "import"), targets });
      const traced = transformFixture(fixture.input, { filename, options: { ...pluginOptionsFor(fixture.options, "import"), trace: true }, targets });
      expect(withoutTrace(traced)).toBe(printed(plain));
      const native = await runScript(fixture.native, { requireRuntime: false, filename });
      expect(traced).toContain('require("@stepwise/runtime/trace")');
      expect(await runScript(traced, { filename })).toEqual(native);
    }, 60_000);
  }
});
