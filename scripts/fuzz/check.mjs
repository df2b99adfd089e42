// One differential check: run a program natively and lowered, compare.
//
// checkProgram(code) → {
//   status: "ok" | "fail" | "refused" | "invalid",
//   failures: [{ kind: "behaviour" | "crash" | "syntax", signature, detail }],
//   invalid?: string            why the program itself is unusable (a generator bug,
//                               or a shrinking step that broke it)
//   native?, lowered?: string[] the transcripts
//   output?: string             the plugin's output (runtime "import", or `runtime`)
// }
//
// - "crash": the plugin threw something other than a deliberate refusal;
// - "refused": the plugin threw a code-framed "… cannot be lowered …" (or "… not supported …") error;
// - "syntax": the output is not ES5/ES3 (checkEs5AndEs3) because of syntax the
//   plugin should have lowered (see classifyNonEs5): in the code of its machines, or
//   outside them (where the input is ES5). Async functions the plugin leaves as they
//   are are blanked out first. Syntax that is the user's own and that the plugin
//   leaves to other plugins by design (optional chaining, computed keys, … and what
//   is inside ordinary functions nested in a coroutine) is listed in `userSyntax`,
//   not a failure, unless `strictEs5`;
// - "behaviour": the transcripts differ.
import { parse } from "@babel/parser";
import { ES5_TARGETS, checkEs5AndEs3, checkInputSyntax, hasCodeFrame, nativeSource, runScript, transformFixture } from "../../fixtures/harness.mjs";

export const DEFAULT_TIMEOUT = 5000;
export const MAX_LINES = 8000;

const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ObjectMethod", "ClassMethod"]);

function walk(node, visit, parent = null) {
  if (!node || typeof node.type !== "string") return;
  if (visit(node, parent) === false) return;
  for (const key of Object.keys(node)) {
    if (key === "loc" || key === "start" || key === "end" || key === "extra" || key.endsWith("Comments")) continue;
    const value = node[key];
    if (Array.isArray(value)) for (const child of value) walk(child, visit, node);
    else if (value && typeof value === "object" && typeof value.type === "string") walk(value, visit, node);
  }
}

/** The output with every async function the plugin left alone replaced by an empty ES5 function. */
export function blankUnloweredAsync(code) {
  let ast;
  try {
    ast = parse(code, { sourceType: "script" });
  } catch {
    return code;
  }
  const ranges = [];
  walk(ast.program, (node) => {
    if (FUNCTION_TYPES.has(node.type) && node.async) {
      ranges.push(node);
      return false;
    }
    return undefined;
  });
  let text = code;
  for (const node of ranges.sort((a, b) => b.start - a.start)) {
    let replacement;
    if (node.type === "FunctionDeclaration") replacement = `function ${node.id ? node.id.name : ""}() {}`;
    else if (node.type === "ObjectMethod" || node.type === "ClassMethod") {
      const key = code.slice(node.key.start, node.key.end);
      replacement = `${node.computed ? `[${key}]` : key}: function () {}`;
    } else replacement = "(function () {})";
    text = text.slice(0, node.start) + replacement + text.slice(node.end);
  }
  return text;
}

const RESERVED_ES3 = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with".split(
    " ",
  ),
);

/** The ES2015+ construct a node is, by name, or null for ES5 syntax. */
function constructOf(node, parent) {
  switch (node.type) {
    case "ArrowFunctionExpression":
      return node.params.every((p) => p.type === "Identifier") ? "arrow" : "arrow-with-pattern-params";
    case "ClassDeclaration":
    case "ClassExpression":
      return "class";
    case "TemplateLiteral":
      // A tagged template's literal is part of it (counted as "tagged-template").
      return parent && parent.type === "TaggedTemplateExpression" ? null : "template";
    case "TaggedTemplateExpression":
      return "tagged-template";
    case "SpreadElement":
      if (parent && parent.type === "ObjectExpression") return "object-spread";
      if (parent && parent.type === "ArrayExpression") return "array-spread";
      // The ES5 pass leaves `o[k].f(...a)` (a call on a computed object) to other plugins.
      if (parent && parent.callee && parent.callee.type === "MemberExpression" && !["Identifier", "ThisExpression"].includes(parent.callee.object.type)) {
        return "spread-argument-computed-callee";
      }
      return "spread-argument";
    case "RestElement":
    case "ObjectPattern":
    case "ArrayPattern":
    case "AssignmentPattern":
      return "pattern";
    case "VariableDeclaration":
      return node.kind !== "var" ? node.kind : null;
    case "ForOfStatement":
      return node.await ? "for-await" : "for-of";
    case "OptionalMemberExpression":
    case "OptionalCallExpression":
      return "optional-chain";
    case "ObjectProperty":
      if (node.computed) return "computed-key";
      if (node.shorthand) return "shorthand";
      if (node.key.type === "Identifier" && RESERVED_ES3.has(node.key.name)) return "reserved-word-key";
      return null;
    case "ObjectMethod":
      // A method using `super` keeps its literal as home object: it cannot become a function.
      if (node.kind === "method" && usesSuper(node)) return "object-method-with-super";
      return node.kind === "method" ? "object-method" : "accessor";
    case "PrivateName":
      return "private-name";
    case "ImportExpression":
    case "Import":
      return "dynamic-import";
    case "Super":
      return "super";
    case "MemberExpression":
      return !node.computed && node.property.type === "Identifier" && RESERVED_ES3.has(node.property.name) ? "reserved-word-member" : null;
    case "AssignmentExpression":
      return ["||=", "&&=", "??=", "**="].includes(node.operator) ? `assignment ${node.operator}` : null;
    case "BinaryExpression":
      return node.operator === "**" ? "**" : null;
    case "LogicalExpression":
      return node.operator === "??" ? "??" : null;
    case "YieldExpression":
      return "yield";
    case "AwaitExpression":
      return "await";
    case "CatchClause":
      return node.param ? null : "optional-catch-binding";
    case "MetaProperty":
      return "new.target";
    default:
      return FUNCTION_TYPES.has(node.type) && (node.generator || node.async) ? "generator-or-async-function" : null;
  }
}

function usesSuper(method) {
  let found = false;
  walk(method.body, (node) => {
    if (found || (FUNCTION_TYPES.has(node.type) && node.type !== "ArrowFunctionExpression")) return false;
    if (node.type === "Super") found = true;
    return undefined;
  });
  return found;
}

/** Names of the ES2015+ constructs in code (sorted). */
export function nonEs5Constructs(code) {
  const { plugin, user } = classifyNonEs5(code);
  return [...new Set([...plugin, ...user])].sort();
}

// What the plugin lowers to ES5 in the code of a machine (the body function it passes to
// _stepwise.generator/asyncGenerator or new _stepwise.AsyncContext): block scoping, patterns and for-of (hoist,
// patterns, for-of), and what es5-syntax.ts lists. Any of these left in a machine is the
// plugin's failure. Other syntax there (optional chaining, computed keys, object spread,
// logical assignment, `**=`, accessors, classes, optional catch bindings, spread calls on
// computed objects) and everything inside ordinary functions nested in a machine is the
// user's own, which es5-syntax.ts leaves to other plugins (e.g. preset-env): "kept user syntax".
const LOWERED_IN_MACHINES = new Set([
  "let",
  "const",
  "pattern",
  "for-of",
  "for-await",
  "arrow",
  "template",
  "shorthand",
  "array-spread",
  "spread-argument",
  "**",
  "??",
  "reserved-word-key",
  "reserved-word-member",
  "object-method",
  "yield",
  "await",
  "generator-or-async-function",
]);
// `_stepwise.generator(...)`, `_stepwise.asyncGenerator(...)`, `new _stepwise.AsyncContext(...)`.
const MACHINE_ENTRIES = { CallExpression: new Set(["generator", "asyncGenerator"]), NewExpression: new Set(["AsyncContext"]) };

function isMachine(node, parent) {
  return (
    parent &&
    (parent.type === "CallExpression" || parent.type === "NewExpression") &&
    parent.arguments[2] === node &&
    parent.callee.type === "MemberExpression" &&
    !parent.callee.computed &&
    parent.callee.object.type === "Identifier" &&
    parent.callee.object.name === "_stepwise" &&
    MACHINE_ENTRIES[parent.type].has(parent.callee.property.name)
  );
}

/**
 * The ES2015+ constructs in (blanked) output, split into `plugin` (left by the plugin where
 * it promises ES5: in machine code, or outside machines, where the input is ES5) and `user`
 * (the user's own syntax, kept as it is). Each list is sorted and has no duplicates.
 * `machinesOnly`: the input itself is not ES5 outside coroutines (an es2015 program's classes):
 * only the machines are held to ES5 (the functions around them are class members, and the
 * arrows that reach `super` from them are declared there), as fixtures/harness.mjs's
 * checkLoweredFunctions does.
 */
export function classifyNonEs5(code, { machinesOnly = false } = {}) {
  let ast;
  try {
    ast = parse(code, { sourceType: "script" });
  } catch (e) {
    return { plugin: [`unparsable: ${e.message}`], user: [] };
  }
  // The functions a lowered coroutine became: each machine and the functions around it
  // (the outer function keeps the name and parameters and holds the hoisted variables and
  // function declarations).
  const aroundMachines = new Set();
  const collect = (node, parent, functions) => {
    if (!node || typeof node.type !== "string") return;
    const inner = FUNCTION_TYPES.has(node.type) ? [...functions, node] : functions;
    if (isMachine(node, parent)) for (const f of functions) aroundMachines.add(f);
    for (const key of Object.keys(node)) {
      if (key === "loc" || key === "start" || key === "end" || key === "extra" || key.endsWith("Comments")) continue;
      const value = node[key];
      if (Array.isArray(value)) for (const child of value) collect(child, node, inner);
      else if (value && typeof value === "object" && typeof value.type === "string") collect(value, node, inner);
    }
  };
  collect(ast.program, null, []);

  const plugin = new Set();
  const user = new Set();
  // where: "outside" (the input's own ES5 code) | "machine" (a lowered coroutine: its
  // machine and the function around it) | "nested" (an ordinary function in a coroutine)
  const visit = (node, parent, where) => {
    if (!node || typeof node.type !== "string") return;
    let here = where;
    if (FUNCTION_TYPES.has(node.type)) {
      if (isMachine(node, parent) || (where === "outside" && !machinesOnly && aroundMachines.has(node))) here = "machine";
      else if (where !== "outside") here = "nested";
    }
    const kind = constructOf(node, parent);
    if (kind) {
      const userSyntax = here === "nested" || (here === "outside" && machinesOnly) || (here === "machine" && !LOWERED_IN_MACHINES.has(kind));
      (userSyntax ? user : plugin).add(kind);
    }
    for (const key of Object.keys(node)) {
      if (key === "loc" || key === "start" || key === "end" || key === "extra" || key.endsWith("Comments")) continue;
      const value = node[key];
      if (Array.isArray(value)) for (const child of value) visit(child, node, here);
      else if (value && typeof value === "object" && typeof value.type === "string") visit(value, node, here);
    }
  };
  visit(ast.program, null, "outside");
  return { plugin: [...plugin].sort(), user: [...user].sort() };
}

function firstLine(message) {
  return String(message).split("\n")[0];
}

/** A crash's signature: the first line of the message without the file name and position. */
function crashSignature(message) {
  return firstLine(message)
    .replace(/^[^:]*\.js: /, "")
    .replace(/\(\d+:\d+\)/g, "")
    .replace(/\b[_a-zA-Z$][\w$]*\d+\b/g, "ID")
    .trim();
}

/** Why a native transcript shows the program itself is unusable, or null. */
function nativeProblem(lines) {
  for (const line of lines) {
    if (line.startsWith("uncaught:")) return `native run: ${line}`;
    if (line.startsWith("harness:")) return `native run: ${line}`;
    if (/\bReferenceError\b/.test(line)) return `native run: a ReferenceError (${line})`;
    // Programs never throw RangeErrors themselves: this is a stack overflow (recursion),
    // whose depth differs between native and lowered code without either being wrong.
    if (/\bRangeError\b/.test(line)) return `native run: a RangeError (${line})`;
  }
  return null;
}

// A function made into a string is its source text, which lowering rewrites (a method becomes
// `function () {}` for ES5 targets, renamed bindings show in nested bodies): README, Limits. Two
// lines that differ only inside such text agree. A function's text starts at its name or
// `function` and runs to the end of the line (what follows it in the string is part of it).
const FUNCTION_TEXT = /(?:[\w$]*\s*\*?\s*\([^()]*\)\s*\{|(?:\([^()]*\)|\b[\w$]+)\s*=>)[^]*$/;

/** Whether two transcript lines are equal once each function's source text is blanked. */
export function sameButSourceText(native, lowered) {
  if (lowered === undefined) return false;
  const blank = (line) => line.replace(FUNCTION_TEXT, "<source>");
  return FUNCTION_TEXT.test(native) && blank(native) === blank(lowered);
}

/** The first line where two transcripts differ, with a little context. */
export function describeDifference(native, lowered) {
  let i = 0;
  while (i < native.length && i < lowered.length && native[i] === lowered[i]) i++;
  const from = Math.max(0, i - 2);
  const show = (lines) =>
    lines
      .slice(from, i + 3)
      .map((l, k) => `${from + k === i ? ">" : " "} ${from + k + 1}: ${l}`)
      .join("\n");
  return {
    index: i,
    text: `first difference at line ${i + 1} (native ${native.length} lines, lowered ${lowered.length})\n  native:\n${show(native)}\n  lowered:\n${show(lowered)}`,
  };
}

/**
 * @param {string} code
 * @param {{ timeout?: number, maxLines?: number, strictEs5?: boolean, runtime?: "import" | "inline" }} [options]
 *   strictEs5: any ES2015+ syntax left in the output is a failure, the user's own too
 *   (by default syntax the plugin leaves to other plugins is only listed, in `userSyntax`)
 *   runtime: the plugin's runtime option ("inline" also checks which of the runtime's pieces
 *   the plugin picks: a runtime lacking what the program calls fails the lowered run)
 */
export async function checkProgram(code, { timeout = DEFAULT_TIMEOUT, maxLines = MAX_LINES, strictEs5 = false, runtime = "import" } = {}) {
  try {
    parse(code, { sourceType: "script" });
  } catch (e) {
    return { status: "invalid", failures: [], invalid: `does not parse: ${e.message}` };
  }

  let output;
  try {
    output = transformFixture(code, { filename: "fuzz.js", options: { runtime } });
  } catch (e) {
    const message = String(e && e.message ? e.message : e);
    if (hasCodeFrame(message) && /not supported|cannot be lowered/.test(message)) {
      return { status: "refused", failures: [], refusal: crashSignature(message) };
    }
    const native = await runScript(nativeSource(code, "fuzz.js"), { requireRuntime: false, timeout, maxLines });
    const problem = nativeProblem(native);
    if (problem) return { status: "invalid", failures: [], invalid: problem, native };
    return {
      status: "fail",
      failures: [{ kind: "crash", signature: crashSignature(message), detail: message + (e && e.stack ? `\n${e.stack.split("\n").slice(1, 8).join("\n")}` : "") }],
      native,
    };
  }

  // Output that does not even parse is a crash of its own (the lowered run would only
  // report a SyntaxError).
  try {
    parse(output, { sourceType: "script" });
  } catch (e) {
    const native = await runScript(nativeSource(code, "fuzz.js"), { requireRuntime: false, timeout, maxLines });
    const problem = nativeProblem(native);
    if (problem) return { status: "invalid", failures: [], invalid: problem, native, output };
    const signature = `output does not parse: ${String(e.message).replace(/\s*\(\d+:\d+\)/g, "")}`;
    const line = e.loc ? output.split("\n")[e.loc.line - 1] : "";
    return { status: "fail", failures: [{ kind: "crash", signature, detail: `${signature}\n  ${line.trim()}` }], native, output };
  }

  const [native, lowered] = [
    await runScript(nativeSource(code, "fuzz.js"), { requireRuntime: false, timeout, maxLines }),
    await runScript(output, { requireRuntime: true, timeout, maxLines }),
  ];
  const problem = nativeProblem(native);
  if (problem) return { status: "invalid", failures: [], invalid: problem, native, lowered, output };

  const failures = [];
  // The ES5 promise is made for ES5 targets: inlined for modern ones (Babel 8's defaults), the
  // runtime is its native build, so the syntax check looks at the same file compiled for ES5.
  const es5Output = runtime === "inline" ? transformFixture(code, { filename: "fuzz.js", options: { runtime }, targets: ES5_TARGETS }) : output;
  const blanked = blankUnloweredAsync(es5Output);
  const syntax = checkEs5AndEs3(blanked);
  let userSyntax = [];
  if (syntax.length) {
    const { plugin, user } = classifyNonEs5(blanked, { machinesOnly: checkInputSyntax(code).length > 0 });
    const constructs = strictEs5 ? [...new Set([...plugin, ...user])].sort() : plugin;
    userSyntax = strictEs5 ? [] : user;
    if (constructs.length || userSyntax.length === 0) {
      failures.push({ kind: "syntax", signature: constructs.join(", ") || "unknown", constructs, detail: syntax.join("\n") });
    }
  }
  if (native.length !== lowered.length || native.some((line, i) => line !== lowered[i] && !sameButSourceText(line, lowered[i]))) {
    const diff = describeDifference(native, lowered);
    const at = (lines) => (diff.index < lines.length ? JSON.stringify(lines[diff.index].slice(0, 80)) : "(end)");
    failures.push({
      kind: "behaviour",
      signature: `line ${diff.index + 1}: native ${at(native)}, lowered ${at(lowered)}`,
      detail: diff.text,
    });
  }
  return { status: failures.length ? "fail" : "ok", failures, userSyntax, native, lowered, output };
}
