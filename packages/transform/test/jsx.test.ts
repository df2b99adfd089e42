// JSX around a suspension (expressions/definitions.ts): an element's attribute values, spreads
// and children are evaluated in source order, those before a suspension saved, and the element is
// rebuilt from their values. JSX itself is compiled here by a minimal stand-in for a JSX transform
// (an element becomes h(type, props, ...children)), run after the plugin; the program runs natively
// (the stand-in alone) and lowered, and the transcripts must agree.
import { describe, expect, test } from "@jest/globals";
import { transformSync, types as t } from "@babel/core";
import type { NodePath, PluginObject } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import { getPlugin, runScript } from "../../../fixtures/harness.mjs";

type Child = BabelTypes.JSXElement["children"][number];

/** What each JSX child becomes as an argument of h(...), or null for whitespace and `{}`. */
function childArgument(child: Child): BabelTypes.Expression | BabelTypes.SpreadElement | null {
  switch (child.type) {
    case "JSXText": {
      const text = child.value.replace(/\s+/g, " ").trim();
      return text === "" ? null : t.stringLiteral(text);
    }
    case "JSXExpressionContainer":
      return child.expression.type === "JSXEmptyExpression" ? null : (child.expression as BabelTypes.Expression);
    case "JSXSpreadChild":
      return t.spreadElement(child.expression);
    default:
      return child as unknown as BabelTypes.Expression; // an element already made a call
  }
}

/** JSX to h(...) calls: enough of a JSX transform to run the test programs. */
function jsxToCalls(): PluginObject {
  const call = (type: BabelTypes.Expression, props: BabelTypes.Expression, children: Child[]) =>
    t.callExpression(t.identifier("h"), [type, props, ...children.map(childArgument).filter((c): c is BabelTypes.Expression => c !== null)]);
  return {
    visitor: {
      JSXElement: {
        exit(path: NodePath<BabelTypes.JSXElement>) {
          const opening = path.node.openingElement;
          const name = (opening.name as BabelTypes.JSXIdentifier).name;
          const type = /^[a-z]/.test(name) ? t.stringLiteral(name) : t.identifier(name);
          const props = t.objectExpression(
            opening.attributes.map((a) => {
              if (a.type === "JSXSpreadAttribute") return t.spreadElement(a.argument);
              const value = a.value == null ? t.booleanLiteral(true) : a.value.type === "JSXExpressionContainer" ? (a.value.expression as BabelTypes.Expression) : (a.value as BabelTypes.Expression);
              return t.objectProperty(t.stringLiteral((a.name as BabelTypes.JSXIdentifier).name), value);
            }),
          );
          path.replaceWith(call(type, props, path.node.children));
        },
      },
      JSXFragment: {
        exit(path: NodePath<BabelTypes.JSXFragment>) {
          path.replaceWith(call(t.stringLiteral("#fragment"), t.nullLiteral(), path.node.children));
        },
      },
    },
  };
}

const program = `
function t(tag, v) { log("evaluate", tag); return v; }
function h(type, props) { return [type, props, Array.prototype.slice.call(arguments, 2)]; }
async function view(x) {
  return <div a={t("a", await x)} {...t("spread", { s: 1 })} b={t("b", 2)}>
    text {t("child 1", 3)}
    <span title={t("title", "T")}>{await t("child 2", x)}</span>
    {t("child 3", 4)}
    {...t("children", [5, 6])}
  </div>;
}
view(Promise.resolve("X")).then(function (v) { log(JSON.stringify(v)); });
function* list() {
  return <>
    <b>{t("before", 0)}{yield 1}</b>
    {yield 2}
  </>;
}
var g = list();
log(JSON.stringify([g.next(), g.next("one"), g.next("two")]));
`;

function compile(withPlugin: boolean): string {
  const plugins: unknown[] = withPlugin ? [[getPlugin(), { runtime: "import" }], jsxToCalls] : [jsxToCalls];
  const result = transformSync(program, { filename: "view.jsx", babelrc: false, configFile: false, sourceType: "script", parserOpts: { plugins: ["jsx"] }, plugins: plugins as never[] });
  return result!.code!;
}

describe("JSX around a suspension", () => {
  test("attributes, spreads and children evaluate in order, natively and lowered alike", async () => {
    const native = await runScript(compile(false), { requireRuntime: false });
    expect(native.length).toBeGreaterThan(5);
    expect(native.filter((line) => line.startsWith("uncaught"))).toEqual([]);
    expect(await runScript(compile(true))).toEqual(native);
  });
});
