// One differential check: run a program natively and lowered, compare.
//
// checkProgram(code) → {
//   status: "ok" | "fail" | "refused" | "invalid",
//   failures: [{ kind: "behaviour" | "crash" | "syntax", signature, detail }],
//   invalid?: string            why the program itself is unusable (a generator bug,
//                               or a shrinking step that broke it)
//   native?, lowered?: string[] the transcripts
//   output?: string             the plugin's output (runtime "import")
// }
//
// - "crash": the plugin threw something other than a deliberate refusal;
// - "refused": the plugin threw a code-framed "… not supported …" error;
// - "syntax": the output is not ES5/ES3 (checkEs5AndEs3). Async functions and
//   async generators the plugin leaves as they are (not lowered yet) are blanked
//   out first, like generators are in an input's check: only what the plugin
//   lowered must be ES5;
// - "behaviour": the transcripts differ.
import { parse } from "@babel/parser";
import { checkEs5AndEs3, hasCodeFrame, runScript, transformFixture } from "../../fixtures/harness.mjs";

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

/** Names of the ES2015+ constructs left in (blanked) output: the signature of a syntax failure. */
export function nonEs5Constructs(code) {
  let ast;
  try {
    ast = parse(code, { sourceType: "script" });
  } catch (e) {
    return [`unparsable: ${e.message}`];
  }
  const found = new Set();
  walk(ast.program, (node, parent) => {
    switch (node.type) {
      case "ArrowFunctionExpression":
        found.add(node.params.every((p) => p.type === "Identifier") ? "arrow" : "arrow-with-pattern-params");
        break;
      case "ClassDeclaration":
      case "ClassExpression":
        found.add("class");
        break;
      case "TemplateLiteral":
        found.add("template");
        break;
      case "TaggedTemplateExpression":
        found.add("tagged-template");
        break;
      case "SpreadElement":
        found.add(parent && parent.type === "ObjectExpression" ? "object-spread" : parent && parent.type === "ArrayExpression" ? "array-spread" : "spread-argument");
        break;
      case "RestElement":
      case "ObjectPattern":
      case "ArrayPattern":
      case "AssignmentPattern":
        found.add("pattern");
        break;
      case "VariableDeclaration":
        if (node.kind !== "var") found.add(node.kind);
        break;
      case "ForOfStatement":
        found.add(node.await ? "for-await" : "for-of");
        break;
      case "OptionalMemberExpression":
      case "OptionalCallExpression":
        found.add("optional-chain");
        break;
      case "ObjectProperty":
        if (node.computed) found.add("computed-key");
        if (node.shorthand) found.add("shorthand");
        if (!node.computed && node.key.type === "Identifier" && RESERVED_ES3.has(node.key.name)) found.add("reserved-word-key");
        break;
      case "ObjectMethod":
        found.add(node.kind === "method" ? "object-method" : "accessor");
        break;
      case "MemberExpression":
        if (!node.computed && node.property.type === "Identifier" && RESERVED_ES3.has(node.property.name)) found.add("reserved-word-member");
        break;
      case "AssignmentExpression":
        if (["||=", "&&=", "??=", "**="].includes(node.operator)) found.add(`assignment ${node.operator}`);
        break;
      case "BinaryExpression":
        if (node.operator === "**") found.add("**");
        break;
      case "LogicalExpression":
        if (node.operator === "??") found.add("??");
        break;
      case "YieldExpression":
        found.add("yield");
        break;
      case "AwaitExpression":
        found.add("await");
        break;
      case "CatchClause":
        if (!node.param) found.add("optional-catch-binding");
        break;
      case "MetaProperty":
        found.add("new.target");
        break;
      default:
        if (FUNCTION_TYPES.has(node.type) && node.generator) found.add("generator-function");
    }
    return undefined;
  });
  return [...found].sort();
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
 * @param {{ timeout?: number, maxLines?: number, native?: string[] }} [options]
 *   native: a transcript already known for this code (skips the native run)
 */
export async function checkProgram(code, { timeout = DEFAULT_TIMEOUT, maxLines = MAX_LINES } = {}) {
  try {
    parse(code, { sourceType: "script" });
  } catch (e) {
    return { status: "invalid", failures: [], invalid: `does not parse: ${e.message}` };
  }

  let output;
  try {
    output = transformFixture(code, { filename: "fuzz.js", options: { runtime: "import" } });
  } catch (e) {
    const message = String(e && e.message ? e.message : e);
    if (hasCodeFrame(message) && /not supported/.test(message)) {
      return { status: "refused", failures: [], refusal: crashSignature(message) };
    }
    const native = await runScript(code, { requireRuntime: false, timeout, maxLines });
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
    const native = await runScript(code, { requireRuntime: false, timeout, maxLines });
    const problem = nativeProblem(native);
    if (problem) return { status: "invalid", failures: [], invalid: problem, native, output };
    const signature = `output does not parse: ${String(e.message).replace(/\s*\(\d+:\d+\)/g, "")}`;
    const line = e.loc ? output.split("\n")[e.loc.line - 1] : "";
    return { status: "fail", failures: [{ kind: "crash", signature, detail: `${signature}\n  ${line.trim()}` }], native, output };
  }

  const [native, lowered] = [
    await runScript(code, { requireRuntime: false, timeout, maxLines }),
    await runScript(output, { requireRuntime: true, timeout, maxLines }),
  ];
  const problem = nativeProblem(native);
  if (problem) return { status: "invalid", failures: [], invalid: problem, native, lowered, output };

  const failures = [];
  const blanked = blankUnloweredAsync(output);
  const syntax = checkEs5AndEs3(blanked);
  if (syntax.length) {
    const constructs = nonEs5Constructs(blanked);
    failures.push({ kind: "syntax", signature: constructs.join(", ") || "unknown", constructs, detail: syntax.join("\n") });
  }
  if (native.length !== lowered.length || native.some((line, i) => line !== lowered[i])) {
    const diff = describeDifference(native, lowered);
    const at = (lines) => (diff.index < lines.length ? JSON.stringify(lines[diff.index].slice(0, 80)) : "(end)");
    failures.push({
      kind: "behaviour",
      signature: `line ${diff.index + 1}: native ${at(native)}, lowered ${at(lowered)}`,
      detail: diff.text,
    });
  }
  return { status: failures.length ? "fail" : "ok", failures, native, lowered, output };
}
