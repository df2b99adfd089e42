// Delta debugging of a failing program, on its Babel AST.
//
// shrink(code, stillFails) repeatedly tries smaller variants and keeps each one
// for which `await stillFails(candidate)` is true, until no edit helps (or the
// budget is spent). The edits, coarse to fine:
//   1. remove runs of statements from every statement list (halves, quarters, … ones),
//      switch cases, array elements, object properties, call arguments, parameters;
//   2. replace a statement by a part of it: `if` by a branch, a loop or a label by its
//      body, `try` by its block, drop a catch or a finally, unwrap a block;
//   3. replace an expression by one of its operands, or by `0` (`yield x` → `x`).
// Loop heads and `++`/`--` are never touched (only whole loops and statements are removed
// or unwrapped), so candidates rarely loop forever (and a hang only costs a worker).
// Candidates that do not parse, or use a name nobody declares, are not run.
import { parse } from "@babel/parser";
import * as generatorModule from "@babel/generator";
import * as traverseModule from "@babel/traverse";

const generate = generatorModule.generate ?? generatorModule.default?.generate ?? generatorModule.default;
const traverse = traverseModule.default?.default ?? traverseModule.default ?? traverseModule.traverse;

// What a program may use without declaring it: the harness's globals and built-ins.
const KNOWN_GLOBALS = new Set(
  "log console arguments undefined NaN Infinity Promise Symbol Object Array Error TypeError RangeError Math JSON String Number Boolean setTimeout clearTimeout setImmediate queueMicrotask".split(
    " ",
  ),
);

/**
 * Names a program reads or writes without declaring them. A shrinking step that removes
 * a declaration makes one; the program then fails with a ReferenceError that may be
 * swallowed (in a promise job), so it is rejected up front.
 */
export function undeclaredNames(code) {
  const ast = parseScript(code);
  let names = [];
  traverse(ast, {
    Program(path) {
      names = Object.keys(path.scope.globals).filter((n) => !KNOWN_GLOBALS.has(n));
      path.stop();
    },
  });
  return names;
}

const SKIP_KEYS = new Set(["loc", "start", "end", "extra", "leadingComments", "trailingComments", "innerComments", "range"]);

function parseScript(code) {
  return parse(code, { sourceType: "script", errorRecovery: false });
}

export function printProgram(ast) {
  return generate(ast, { comments: true, jsescOption: { minimal: true } }).code + "\n";
}

function isExpression(node) {
  return (
    node &&
    typeof node.type === "string" &&
    /Expression$|Literal$|^Identifier$|^ThisExpression$|^TemplateLiteral$/.test(node.type) &&
    node.type !== "ExpressionStatement"
  );
}

// Child positions that must keep an expression of their own kind, or must not change
// at all (loop heads: keep the bound; assignment targets; names).
function replaceablePosition(parent, key) {
  switch (parent.type) {
    case "ForStatement":
    case "WhileStatement":
    case "DoWhileStatement":
      return false;
    case "ForInStatement":
    case "ForOfStatement":
      return key === "right";
    case "AssignmentExpression":
      return key === "right";
    case "UpdateExpression":
      return false;
    case "UnaryExpression":
      return parent.operator !== "delete";
    case "MemberExpression":
    case "OptionalMemberExpression":
      return key === "object" || (key === "property" && parent.computed);
    case "ObjectProperty":
      return key === "value" || (key === "key" && parent.computed);
    case "VariableDeclarator":
      return key === "init";
    case "AssignmentPattern":
    case "ArrayPattern":
    case "ObjectPattern":
    case "RestElement":
    case "LabeledStatement":
    case "BreakStatement":
    case "ContinueStatement":
    case "CatchClause":
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
    case "ObjectMethod":
      return parent.type === "ArrowFunctionExpression" && key === "body";
    default:
      return true;
  }
}

/** Expression children a node could be replaced by. */
function expressionChildren(node) {
  const out = [];
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
    if (!replaceablePosition(node, key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const v of value) {
        if (isExpression(v)) out.push(v);
        else if (v && v.type === "SpreadElement" && isExpression(v.argument)) out.push(v.argument);
      }
    } else if (isExpression(value)) out.push(value);
  }
  return out;
}

const ZERO = () => ({ type: "NumericLiteral", value: 0 });
const isLeaf = (n) => n.type === "Identifier" || /Literal$/.test(n.type) || n.type === "ThisExpression";

/**
 * Every edit of the current AST, coarse first. An edit is a function that mutates the
 * AST and returns a function undoing it.
 */
function enumerateEdits(ast) {
  const lists = []; // [container, key, minLength]
  const statementEdits = [];
  const expressionEdits = [];

  const visit = (node, parent, parentKey) => {
    if (!node || typeof node.type !== "string") return;
    switch (node.type) {
      case "Program":
      case "BlockStatement":
        lists.push([node, "body", 0]);
        if (node.directives && node.directives.length) lists.push([node, "directives", 0]);
        break;
      case "SwitchCase":
        lists.push([node, "consequent", 0]);
        break;
      case "SwitchStatement":
        lists.push([node, "cases", 0]);
        break;
      case "ArrayExpression":
        lists.push([node, "elements", 0]);
        break;
      case "ObjectExpression":
        lists.push([node, "properties", 0]);
        break;
      case "CallExpression":
      case "NewExpression":
      case "OptionalCallExpression":
        lists.push([node, "arguments", 0]);
        break;
      case "TemplateLiteral":
        break;
      case "VariableDeclaration":
        lists.push([node, "declarations", 1]);
        break;
      case "SequenceExpression":
        lists.push([node, "expressions", 1]);
        break;
      case "ObjectPattern":
        lists.push([node, "properties", 0]);
        break;
      case "ArrayPattern":
        lists.push([node, "elements", 0]);
        break;
      default:
        break;
    }
    if (/Function|ObjectMethod/.test(node.type) && Array.isArray(node.params)) lists.push([node, "params", 0]);

    // Statement-level rewrites, where the statement sits in a list.
    if (parent && Array.isArray(parent[parentKey])) {
      const list = parent[parentKey];
      const replaceWith = (...replacements) => {
        statementEdits.push(() => {
          const i = list.indexOf(node);
          if (i < 0) return null;
          list.splice(i, 1, ...replacements);
          return () => list.splice(i, replacements.length, node);
        });
      };
      const block = (n) => (n && n.type === "BlockStatement" ? n.body : n ? [n] : []);
      switch (node.type) {
        case "IfStatement":
          replaceWith(...block(node.consequent));
          if (node.alternate) replaceWith(...block(node.alternate));
          if (node.alternate) {
            statementEdits.push(() => {
              const alt = node.alternate;
              node.alternate = null;
              return () => {
                node.alternate = alt;
              };
            });
          }
          break;
        case "ForStatement":
        case "ForInStatement":
        case "ForOfStatement":
        case "WhileStatement":
        case "DoWhileStatement":
        case "LabeledStatement":
          replaceWith(...block(node.body));
          break;
        case "BlockStatement":
          replaceWith(...node.body);
          break;
        case "TryStatement":
          replaceWith(...node.block.body);
          if (node.finalizer) replaceWith(...node.finalizer.body);
          if (node.handler) replaceWith(...node.handler.body.body);
          if (node.handler && node.finalizer) {
            statementEdits.push(() => {
              const h = node.handler;
              node.handler = null;
              return () => {
                node.handler = h;
              };
            });
            statementEdits.push(() => {
              const f = node.finalizer;
              node.finalizer = null;
              return () => {
                node.finalizer = f;
              };
            });
          }
          break;
        case "ExpressionStatement":
          if (node.expression.type === "SequenceExpression") {
            replaceWith(...node.expression.expressions.map((e) => ({ type: "ExpressionStatement", expression: e })));
          }
          break;
        case "VariableDeclaration":
          // `let v = f(x)` → `f(x)`: keeps the side effects when v is unused.
          if (node.declarations.length === 1 && node.declarations[0].init && node.declarations[0].id.type === "Identifier") {
            replaceWith({ type: "ExpressionStatement", expression: node.declarations[0].init });
          }
          break;
        default:
          break;
      }
    }

    // Expression rewrites. `i++` stays: without it a helper's step loop (`ops[i++]` in a
    // promise chain) never ends, which no vm timeout stops.
    if (parent && isExpression(node) && !isLeaf(node) && node.type !== "UpdateExpression" && replaceablePosition(parent, parentKey)) {
      const container = parent;
      const key = parentKey;
      const set = (replacement) => () => {
        const slot = container[key];
        if (Array.isArray(slot)) {
          const i = slot.indexOf(node);
          if (i < 0) return null;
          slot[i] = replacement;
          return () => {
            slot[i] = node;
          };
        }
        if (slot !== node) return null;
        container[key] = replacement;
        return () => {
          container[key] = node;
        };
      };
      for (const child of expressionChildren(node)) expressionEdits.push(set(child));
      if (node.type === "YieldExpression" && node.argument && !node.delegate) {
        expressionEdits.push(set({ ...node, argument: null }));
      }
      expressionEdits.push(set(ZERO()));
    }

    for (const key of Object.keys(node)) {
      if (SKIP_KEYS.has(key)) continue;
      const value = node[key];
      if (Array.isArray(value)) for (const child of value) visit(child, node, key);
      else if (value && typeof value === "object" && typeof value.type === "string") visit(value, node, key);
    }
  };
  visit(ast.program, ast, "program");

  // Chunk removals: largest lists first, big chunks before small ones.
  const removals = [];
  lists.sort((a, b) => b[0][b[1]].length - a[0][a[1]].length);
  for (const [container, key, min] of lists) {
    const n = container[key].length;
    for (let size = n; size >= 1; size = size === 1 ? 0 : Math.ceil(size / 2)) {
      for (let start = 0; start < n; start += size) {
        const items = container[key].slice(start, start + size);
        if (n - items.length < min) continue;
        removals.push(() => {
          const list = container[key];
          const i = list.indexOf(items[0]);
          if (i < 0 || list[i + items.length - 1] !== items[items.length - 1]) return null;
          list.splice(i, items.length);
          return () => list.splice(i, 0, ...items);
        });
      }
      if (size === 1) break;
    }
  }
  return [...removals, ...statementEdits, ...expressionEdits];
}

/**
 * @param {string} code a failing program
 * @param {(code: string) => Promise<boolean>} stillFails
 * @param {{ maxChecks?: number, timeLimit?: number, onProgress?: (info) => void }} [options]
 * @returns {Promise<{ code: string, checks: number, accepted: number }>}
 */
export async function shrink(code, stillFails, { maxChecks = 1500, timeLimit = 180000, onProgress } = {}) {
  const started = Date.now();
  let current = printProgram(parseScript(code));
  let checks = 0;
  let accepted = 0;
  const seen = new Set([current]);
  const budgetLeft = () => checks < maxChecks && Date.now() - started < timeLimit;

  // Printing the AST must not change what the program does (it may: Babel drops
  // parentheses some engines need). If the printed program passes, give up.
  checks++;
  if (!(await stillFails(current))) return { code, checks, accepted, unchanged: true };

  let progress = true;
  while (progress && budgetLeft()) {
    progress = false;
    let ast = parseScript(current);
    let edits = enumerateEdits(ast);
    for (let e = 0; e < edits.length && budgetLeft(); e++) {
      const undo = edits[e]();
      if (!undo) continue;
      let candidate;
      try {
        candidate = printProgram(ast);
      } catch {
        candidate = null;
      }
      undo();
      if (!candidate || seen.has(candidate) || candidate.length >= current.length) continue;
      seen.add(candidate);
      try {
        parseScript(candidate);
      } catch {
        continue;
      }
      checks++;
      if (await stillFails(candidate)) {
        accepted++;
        current = candidate;
        progress = true;
        if (onProgress) onProgress({ checks, accepted, length: current.length });
        // Re-enumerate on the smaller program, carrying on from about the same place.
        ast = parseScript(current);
        edits = enumerateEdits(ast);
        e = Math.max(-1, Math.min(e, edits.length) - 1);
      }
    }
  }
  return { code: current, checks, accepted };
}
