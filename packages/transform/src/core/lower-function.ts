/**
 * Lowering one generator or async function, start to finish. Both become the same machine; only
 * the runtime entry that drives it differs (`_stepwise.generator` or `new _stepwise.AsyncContext`).
 *
 *     function* g(a = 1) { const x = yield a; return x; }
 *       becomes
 *     _stepwise.mark(g);                        // g.prototype: where g's generator objects inherit from
 *     function g() {
 *       var a, x, _value;
 *       _value = arguments[0], a = _value === void 0 ? 1 : _value;   // parameters: at the call
 *       return _stepwise.generator(g, this, function g(_ctx) {        // the machine, named for stack traces
 *         for (;;) switch (_ctx.state) {
 *           case 0: return _ctx.yield(a, 1);
 *           case 1: x = _ctx.sent;
 *                   return _ctx.finish(x);
 *         }
 *       });
 *     }
 *
 * The steps, in order:
 *  1. function-env: `this`, `arguments`, `new.target` of the body refer to the outer function's.
 *  2. hoist: uses of `let`/`const` before their declaration throw (tdz.ts); block-scoped names
 *     are renamed apart, declarations become assignments; loop bindings captured by closures
 *     get per-iteration scope objects (loop-scopes.ts).
 *  3. for-of, destructuring and other newer syntax become ES5 (for-of.ts, patterns.ts, es5-syntax.ts).
 *  4. params: defaults, destructuring and rest move into the outer function.
 *  5. explode: the body's statements become cases (explode-statements.ts, expressions/).
 *  6. build: the switch, the try table, and the outer function around them.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Function as FunctionNode, Identifier, Statement, Expression, Node, BlockStatement } from "@babel/types";
import { Emitter } from "./emit.js";
import { LeapStack } from "./leap.js";
import { ExpressionLowering } from "./expressions/explode.js";
import { StatementLowering } from "./explode-statements.js";
import { captureEnvironment, type EnvironmentKind } from "./function-env.js";
import { surroundingsOf } from "./async-arrows.js";
import { hoistDeclarations, guardConstants } from "./hoist.js";
import { renameApart } from "./rename-apart.js";
import { checkDeadZones, checkParameterDeadZones } from "./tdz.js";
import { recordCallSites } from "./call-sites.js";
import { recordIterationTexts } from "./iteration-text.js";
import { findAnnexBFunctions } from "./annex-b.js";
import { keepInferredNames, mentions, mentionedInside, originalNames, nameWrappedClosure, canBeOwnName, identifiersNamed } from "./names.js";
import { planLoopScopes, applyLoopScopes } from "./loop-scopes.js";
import { keyOwner, ownerKeyName, keepEvaluatedKey, registerKeyRead } from "./key-names.js";
import { separateCatchPatterns } from "./catch-patterns.js";
import { lowerUsingDeclarations } from "./using-declarations.js";
import { blockScopePaths } from "./block-scopes.js";
import { forgetSuspensions, loweredCoroutines } from "./contains.js";
import { lowerForOf } from "./for-of.js";
import { lowerDestructuring, lowerInPlace } from "./destructuring.js";
import type { PatternContext } from "./patterns.js";
import { lowerParams } from "./params.js";
import { lowerEs5Syntax } from "./es5-syntax.js";
import { awaitsInLoop } from "./awaits-in-loops.js";
import { someNode, someChild, isFunctionNode } from "./walk.js";
import { moveFirstRun } from "./first-run.js";
import { buildBody, buildTryTable } from "./build-machine.js";
import type { Lowering } from "./lowering.js";
import type { RuntimeReference } from "../plugin/runtime-ref.js";
import type { FileSetup } from "../plugin/file-setup.js";
import type { TargetSyntax } from "./target-syntax.js";
import type { MethodIdentity } from "./method-identity.js";

export interface FileContext {
  t: typeof BabelTypes;
  runtime: RuntimeReference;
  /** The `explain` option: comment the machine. */
  explain: boolean;
  /**
   * The `trace` option: hands out the number each lowered function is known by in the trace calls
   * (its index in the file, in lowering order); null when not tracing.
   */
  traceIndex: (() => number) | null;
  /** The file's source text (for explaining comments). */
  code: string;
  /** Builds an error with a code frame for any node of the file. */
  error(node: Node, message: string): Error;
  /** Lowered methods: how each refers to itself (method-identity.ts). */
  methods: MethodIdentity;
  /**
   * What the file's lowered functions need before they run (plugin/file-setup.ts): constants of
   * the whole file (`_gTries`, built once rather than at every call), the marks of its top-level
   * declarations, and, in an ES module, the guard that sets them up on a call made before the
   * module's own code ran (an import cycle).
   */
  setup: FileSetup;
  /** The syntax the configured targets have, kept as written in lowered bodies (target-syntax.ts). */
  syntax: TargetSyntax;
  /**
   * A reference to one of Babel's own helpers, added to the file as Babel adds it for its plugins
   * (`usingCtx` for `using` declarations); an error with a code frame at `node` if this Babel has
   * none by that name.
   */
  babelHelper(node: Node, name: string): BabelTypes.Expression;
}

/** Up to 40 characters of the source text of `node`, on one line. */
function snippet(code: string, node: Node | null): string {
  if (node == null || node.start == null || node.end == null) return "";
  const text = code.slice(node.start, node.end).replace(/\s+/g, " ");
  return text.length > 40 ? text.slice(0, 37) + "..." : text;
}

/** The function's name in the source: its own, the one it gets from where it stands, or its method key ("" when none). */
function sourceName(node: FunctionNode, path: NodePath<FunctionNode>): string {
  if (node.type === "FunctionDeclaration" || node.type === "FunctionExpression") return node.id ? node.id.name : inferredName(path);
  if ((node.type === "ObjectMethod" || node.type === "ClassMethod") && !node.computed && node.key.type === "Identifier") return node.key.name;
  return "";
}

/** `gTries` for `function* g`, `methodTries` for a method, `generatorTries` when nameless. */
function tableName(node: FunctionNode, path: NodePath<FunctionNode>): string {
  return (sourceName(node, path) || "generator") + "Tries";
}

/** The name a function expression would get from where it stands (`var f = function* () {}`). */
function inferredName(path: NodePath<FunctionNode>): string {
  const parent = path.parent;
  if (parent.type === "VariableDeclarator" && parent.id.type === "Identifier") return parent.id.name;
  if (parent.type === "AssignmentExpression" && parent.left.type === "Identifier" && parent.right === path.node) return parent.left.name;
  if (keyOwner(path) !== null) return ownerKeyName(path);
  if (parent.type === "AssignmentPattern" && parent.left.type === "Identifier") return parent.left.name;
  // `export default async () => {}` is named "default".
  if (parent.type === "ExportDefaultDeclaration") return "default";
  return "";
}

/**
 * The identifiers of the function's body that name the function itself, when nothing can make that
 * name mean anything else: a declaration whose binding is never assigned, or a named expression.
 * Recorded before the passes, while Babel's scope information still holds.
 */
function selfReferences(path: NodePath<FunctionNode>): { name: string; refs: Set<Node> } | null {
  const node = path.node;
  if ((node.type !== "FunctionDeclaration" && node.type !== "FunctionExpression") || !node.id) return null;
  const name = node.id.name;
  const binding = node.type === "FunctionDeclaration" ? path.parentPath.scope.getBinding(name) : path.scope.getOwnBinding(name);
  if (binding === undefined || binding.path !== path || binding.constantViolations.length > 0) return null;
  const body = path.get("body") as NodePath;
  return { name, refs: new Set(binding.referencePaths.filter((ref) => ref.isDescendant(body)).map((ref) => ref.node)) };
}

/** Can the function's parameter list stay as written (see its use)? */
function keepsParameters(node: FunctionNode, kind: FunctionKind, syntax: TargetSyntax): boolean {
  if (kind === "async" || node.params.every((p) => p.type === "Identifier")) return false;
  if (!syntax.parameters) return false;
  const patterns = node.params.some((p) => someNode(p, (n) => n.type === "ObjectPattern" || n.type === "ArrayPattern"));
  const objectRest = node.params.some((p) => someNode(p, (n) => n.type === "ObjectPattern" && n.properties.some((q) => q.type === "RestElement")));
  return (!patterns || syntax.destructuring) && (!objectRest || syntax.objectRest);
}

/**
 * Names the machine after the user's function, so stack traces show `at walk` (the runtime calls
 * the machine as a plain function) rather than the runtime's `Context.body`. The name must not
 * capture a reference inside: where the body refers to the function itself by that name, those
 * references go through an alias, `var _walk = walk` (only where the name cannot be rebound);
 * anywhere else the machine stays anonymous. Returns the alias's declarator, if one was needed.
 */
function nameMachine(t: typeof BabelTypes, machine: BabelTypes.FunctionExpression, name: string, self: { name: string; refs: Set<Node> } | null, alias: (name: string) => Identifier): BabelTypes.VariableDeclarator | null {
  if (name === "" || !canBeOwnName(t, name)) return null;
  const mentioned = identifiersNamed(machine.body, name);
  if (mentioned.length === 0) {
    machine.id = t.identifier(name);
    return null;
  }
  if (self === null || self.name !== name || !mentioned.every((id) => self.refs.has(id))) return null;
  const id = alias(name);
  for (const reference of mentioned) reference.name = id.name;
  machine.id = t.identifier(name);
  return t.variableDeclarator(id, t.identifier(name));
}

/**
 * The two things no lowering can express, refused with a code frame: a direct `eval(...)` and a
 * `with` statement, anywhere in the function (nested functions too). Both look names up by their
 * text at run time, and the lowering moves the function's variables to the function around the
 * machine and renames block-scoped ones apart, so the names an `eval`'s code or a `with` body
 * mentions may no longer be the bindings they meant; a `var` that an `eval` declares would be the
 * machine's, gone at the next suspension. `(0, eval)(code)` (an indirect eval, which sees only
 * globals) and a call of a local variable named `eval` are ordinary calls.
 */
function refuseUnreachableScopes(path: NodePath<FunctionNode>, file: FileContext): void {
  const suspicious = someNode(
    path.node,
    (n) => n.type === "WithStatement" || (n.type === "CallExpression" && n.callee.type === "Identifier" && n.callee.name === "eval"),
    () => true,
  );
  if (!suspicious) return;
  path.traverse({
    WithStatement(p) {
      throw file.error(
        p.node,
        "stepwise: a `with` statement cannot be lowered inside a generator or async function: the names in its body are looked up at run time, and the lowering moves and renames the function's variables (and its object cannot be kept across a suspension). Use the object's properties explicitly.",
      );
    },
    CallExpression(p) {
      const callee = p.node.callee;
      if (callee.type !== "Identifier" || callee.name !== "eval" || p.scope.getBinding("eval") !== undefined) return;
      throw file.error(
        p.node,
        "stepwise: a direct `eval(...)` cannot be lowered inside a generator or async function: the code it runs looks names up at run time, and the lowering moves and renames the function's variables. Use an indirect eval, `(0, eval)(code)`, which sees only global variables, or move the eval out of the function.",
      );
    },
  });
}

/** What a lowered function becomes: the runtime entry that drives it, and how it is marked. */
export type FunctionKind = "generator" | "async" | "asyncGenerator";

const ENTRY: Record<FunctionKind, { drive: string; mark: string }> = {
  generator: { drive: "generator", mark: "mark" },
  async: { drive: "AsyncContext", mark: "markAsync" },
  asyncGenerator: { drive: "asyncGenerator", mark: "markAsyncGenerator" },
};

/**
 * In an async generator, `yield v` and `return v` await their operand first (spec: Yield and
 * `return` in async generators). Writing those awaits out lets the rest of the lowering treat them
 * like any other `await`:   yield v  ->  yield await v;   return v  ->  return await v.
 * Done first, in place, so that every later "does this suspend?" sees them.
 */
/** `await operand`, standing where the operand stood (so explanations and source maps show it). */
function implicitAwait(t: typeof BabelTypes, operand: Expression): Expression {
  const node = t.awaitExpression(operand);
  node.start = operand.start;
  node.end = operand.end;
  node.loc = operand.loc;
  return node;
}

function awaitOperands(fn: NodePath<FunctionNode>, t: typeof BabelTypes): void {
  const visit = (node: Node): void => {
    // Nested functions have their own `yield` and `return`; a method's computed key and a class
    // field's are evaluated here, though.
    if (isFunctionNode(node) || node.type === "ClassProperty" || node.type === "ClassAccessorProperty" || node.type === "StaticBlock") {
      const member = node as { computed?: boolean; key?: Node };
      if (member.computed && member.key) visit(member.key);
      return;
    }
    if (node.type === "YieldExpression" && !node.delegate) {
      node.argument = implicitAwait(t, node.argument ?? t.unaryExpression("void", t.numericLiteral(0)));
    } else if (node.type === "ReturnStatement" && node.argument) {
      node.argument = implicitAwait(t, node.argument);
    }
    someChild(node, (child) => {
      visit(child);
      return false;
    });
  };
  visit(fn.node.body);
}

/** Functions lowered so far (to know when an enclosing one must refresh Babel's scope information). */
const loweredFunctions = new WeakSet<Node>();

export function lowerFunction(path: NodePath<FunctionNode>, file: FileContext, kind: FunctionKind): void {
  forgetSuspensions();
  const t = file.t;
  const entry = ENTRY[kind];
  const node = path.node;
  refuseUnreachableScopes(path, file);
  // TypeScript's `this` parameter only gives `this` a type: it is not a parameter at run time.
  const first = node.params[0];
  if (first && first.type === "Identifier" && first.name === "this") (path.get("params.0") as NodePath).remove();
  const scope = path.scope;
  const ownName = (node.type === "FunctionDeclaration" || node.type === "FunctionExpression") && node.id ? node.id.name : null;
  const traceIndex = file.traceIndex === null ? null : file.traceIndex();
  const traceName = traceIndex === null ? "" : sourceName(node, path);
  if (ownName !== null && scope.hasOwnBinding(ownName) && scope.getOwnBinding(ownName)!.kind !== "local") {
    // A body variable named like the function would hide the function from its own body.
    scope.rename(ownName);
  }

  // An async arrow that stays an arrow (see async-arrows.ts) gets a block body like a function.
  const isArrow = node.type === "ArrowFunctionExpression";
  if (isArrow) {
    const arrow: NodePath<BabelTypes.ArrowFunctionExpression> = path as NodePath<BabelTypes.ArrowFunctionExpression>;
    arrow.ensureBlock();
  }

  // Rewrites of the body as written, before Babel's scope information is read: catch patterns that
  // read their own bindings, in a form Babel's scope resolves (catch-patterns.ts); `using`
  // declarations, as the try/finally that disposes them (using-declarations.ts); an async
  // generator's yield and return operands under the spec's implicit `await`.
  let rewritten = separateCatchPatterns(path, t);
  rewritten = lowerUsingDeclarations(path, t, (name) => file.babelHelper(node, name)) || rewritten;
  if (kind === "asyncGenerator") {
    awaitOperands(path, t);
    rewritten = true;
  }
  // Babel's bindings and its paths to their references (which the dead-zone checks below replace)
  // must be found again under the new nodes, or e.g. `yield x` before `let x` reads x unchecked.
  if (rewritten) scope.crawl();

  // 1–2: environment and hoisting, while Babel's scope information is still valid.
  // How the runtime drives an async call (see awaits-in-loops.ts), decided on the body as written.
  const settleVerb = kind === "async" && awaitsInLoop(node.body) ? "settle" : "drive";
  const calls = recordCallSites(path);
  recordIterationTexts(node.body);
  const self = selfReferences(path);
  // Coroutines are never constructed: `new.target` is undefined. An arrow sees its surroundings'.
  const envKind: EnvironmentKind = isArrow ? surroundingsOf(path).kind : { lazyThis: false, newTarget: "undefined" };
  const { env, declarators: envDeclarators, movedOperands } = captureEnvironment(path, t, (name) => file.runtime.helper(name), envKind);
  const blocks = blockScopePaths(path);
  // A coroutine nested in this one was lowered first, its body rebuilt, or a `super` use was
  // rewritten around its operands: Babel's lists of the references to this function's bindings
  // still point at the old nodes. The dead-zone analysis needs the new ones.
  if (movedOperands || someNode(node.body, (n) => loweredFunctions.has(n), () => true)) scope.crawl();
  guardConstants(
    path,
    blocks,
    t,
    (name) => t.callExpression(file.runtime.helper("readOnly"), [t.stringLiteral(name)]),
    (name) => t.callExpression(file.runtime.helper("readOnlyTarget"), [t.stringLiteral(name)]),
  );
  const deadZones = { t, helper: (name: string) => file.runtime.helper(name) };
  checkDeadZones(path, blocks, deadZones);
  // Parameters that stay as written (see keepsParameters) have the engine's own dead zone.
  const keepParams = keepsParameters(node, kind, file.syntax);
  const uninitializedParams = keepParams ? [] : checkParameterDeadZones(path, deadZones);
  const annexB = findAnnexBFunctions(path, blocks);
  const renaming = renameApart(path, blocks, annexB, t);
  const loopScopes = planLoopScopes(path, blocks);
  const hoisted = hoistDeclarations(
    path,
    t,
    annexB.declarations,
    (copy, id) => {
      const env = loopScopes.members.get(id);
      if (env) loopScopes.members.set(copy, env);
    },
    file.syntax.optionalCatch,
  );
  keepInferredNames({ t, becomesMember: (id) => loopScopes.members.has(id), isWrapped: (closure) => loopScopes.closures.has(closure) }, node.body);

  const names = new Set<string>([...hoisted.names, ...loopScopes.names, ...renaming.vars]);
  const temp = (hint: string): Identifier => {
    const id = scope.generateUidIdentifier(hint);
    names.add(id.name);
    return id;
  };
  // What destructuring may assume about names: the function's own variables (parameters, hoisted
  // bindings, temporaries) can be read and assigned without an exception; `this` and `arguments`
  // saved at the call never change.
  const paramNames = new Set(node.params.flatMap((p) => Object.keys(t.getBindingIdentifiers(p))));
  const stableNames = new Set([env.thisId?.name, env.argumentsId?.name].filter((n): n is string => n !== undefined));
  let statements: StatementLowering | null = null;
  const lowering: Lowering = {
    t,
    emitter: new Emitter(t, scope.generateUidIdentifier("ctx"), scope.generateUidIdentifier("dispatch")),
    leaps: new LeapStack(),
    temp,
    helper: (name) => file.runtime.helper(name),
    isRuntime: (n) => file.runtime.isNamespace(n),
    error: (n, message) => file.error(n, message),
    snippet: (n) => snippet(file.code, n),
    calls,
    // The saved `this` is never assigned.
    isStable: (id) => calls.isStable(id) || (env.thisId !== null && id.name === env.thisId.name),
    isHelper: (n) => file.runtime.isHelper(n),
    syntax: file.syntax,
    constant: (hint, value) => file.setup.constant(hint, value),
    lowerInPlace: (assignment, ignoreResult) => lowerInPlace(patterns, assignment, ignoreResult, (s) => statements!.explode(s)),
  };
  const patterns: PatternContext = {
    ...lowering,
    isLocal: (name) => names.has(name) || paramNames.has(name) || stableNames.has(name),
    isStable: (name) => stableNames.has(name),
  };
  lowering.emitter.explain = file.explain;

  // 3: ES5 statements for for-of and destructuring.
  let body = node.body as BlockStatement;
  body = applyLoopScopes(
    { ...lowering, sourceName: (id) => originalNames.get(id) ?? id.name, nameWrapped: (closure) => nameWrappedClosure(t, closure) },
    loopScopes,
    body,
  );
  body = lowerForOf(lowering, body);
  body = lowerDestructuring(patterns, body);
  body = lowerEs5Syntax(lowering, body);

  // 4: parameters, bound at the call.
  const simpleParams = node.params.every((p) => p.type === "Identifier");
  // A generator's parameters are bound at the call, in the outer function: where the targets have
  // the syntax they stay as written there (an async function's are lowered: an error binding them
  // rejects its promise).
  const params = keepParams
    ? { params: node.params as (Identifier | BabelTypes.RestElement)[], statements: [], names: [] }
    : lowerParams(patterns, node.params, (hint) => scope.generateUidIdentifier(hint), !isArrow && !simpleParams && env.argumentsId !== null, isArrow);
  params.names.forEach((name) => names.add(name));
  const paramStatements = params.statements.map((s) => lowerEs5Syntax(lowering, lowerDestructuring(patterns, s)));
  // Parameters a closure in an earlier default may read too early start out uninitialized (tdz.ts).
  paramStatements.unshift(...uninitializedParams.map((id) => t.expressionStatement(t.assignmentExpression("=", id, file.runtime.helper("uninitialized")))));
  // A body variable that shares a parameter's name starts with its value (rename-apart.ts).
  for (const { from, to } of renaming.copies) paramStatements.push(t.expressionStatement(t.assignmentExpression("=", t.identifier(to), t.identifier(from))));
  // A function declared in the body replaces a parameter of its name once the parameters are bound:
  // after the statements that bind them, not before (as a declaration of the outer function would).
  const boundByStatements = new Set(params.names);
  const functions = hoisted.functions.filter((f) => !boundByStatements.has(f.id!.name));
  for (const f of hoisted.functions) {
    if (functions.includes(f)) continue;
    const name = f.id!.name;
    const expression = t.functionExpression(mentionedInside(f, name) ? null : t.identifier(name), f.params, f.body, f.generator, f.async);
    paramStatements.push(t.expressionStatement(t.assignmentExpression("=", t.identifier(name), expression)));
  }

  // 5: the body, case by case.
  const lowerStatements = new StatementLowering(lowering, new ExpressionLowering(lowering));
  statements = lowerStatements;
  body.body.forEach((statement) => lowerStatements.explode(statement));

  // 6: the outer function.
  const traceCase =
    traceIndex === null
      ? null
      : (n: number) => t.expressionStatement(t.callExpression(file.runtime.helper("traceCase"), [t.identifier(lowering.emitter.ctx.name), t.numericLiteral(n)]));
  const machine = buildBody(t, lowering.emitter, traceCase);
  // An async function's body reads `_ctx` from the function around it instead of taking it as a
  // parameter: one stack slot less per level of async recursion (see startAsync).
  if (kind === "async") machine.params = [];
  // An async function's first run, up to its first `await`, in the function's own frame.
  const firstRun = kind === "async" ? moveFirstRun(t, machine, lowering.emitter.ctx.name, () => scope.generateUidIdentifier("first").name) : null;
  // The try table is the same for every call: built once, in a variable at the top of the file.
  const triesTable = buildTryTable(t, lowering.emitter);
  const tries = triesTable && file.setup.constant(tableName(node, path), triesTable);
  if (tries) file.runtime.need("tries");
  let selfRef: Expression = t.nullLiteral();
  let markName: string | null = null;
  let selfAlias: Identifier | null = null;
  if (node.type === "FunctionDeclaration") {
    const outside = path.parentPath.scope;
    if (!node.id) {
      // `export default function* () {}`: a name to mark it by; mark() names it "default".
      node.id = outside.generateUidIdentifier("default");
      markName = "default";
      outside.registerDeclaration(path);
    }
    selfRef = t.identifier(node.id.name);
    // The runtime reads the function's `prototype` at each call. When the program assigns to the
    // declaration's name (`g = null`), the body reaches the function through an alias set where
    // it is marked (or its own name, for a call before that ran).
    if (!(outside.getBinding(node.id.name)?.constant ?? true)) {
      selfAlias = outside.generateUidIdentifier(node.id.name);
      selfRef = t.logicalExpression("||", t.identifier(selfAlias.name), t.identifier(node.id.name));
    }
  } else if (node.type === "FunctionExpression") {
    if (!node.id) {
      // The function needs a name to refer to itself. The name it would get from where it stands
      // (`var f = function* () {}`) is used when nothing inside could mean another `f`; otherwise
      // a fresh one, and mark() sets the `name` property back (where the engine allows).
      const inferred = inferredName(path);
      if (inferred !== "" && t.isValidES3Identifier(inferred) && !mentions(node, inferred)) {
        node.id = t.identifier(inferred);
      } else {
        markName = inferred;
        node.id = scope.generateUidIdentifier(inferred || "generator");
      }
    }
    selfRef = t.identifier(node.id.name);
  } else if (node.type === "ObjectMethod" || node.type === "ClassMethod" || node.type === "ClassPrivateMethod") {
    selfRef = file.methods.selfOf(path as NodePath<typeof node>, entry.mark) ?? selfRef;
  }
  for (const p of params.params) for (const name of Object.keys(t.getBindingIdentifiers(p))) names.delete(name);
  const visibleName = markName ?? (node.type === "FunctionDeclaration" || node.type === "FunctionExpression" ? node.id!.name : sourceName(node, path));
  const machineAlias = nameMachine(t, machine, visibleName, self, (name) => scope.generateUidIdentifier(name));
  const declarators = [];
  if (machineAlias) declarators.push(machineAlias);
  declarators.push(...envDeclarators);
  for (const name of names) declarators.push(t.variableDeclarator(t.identifier(name)));
  // An arrow's `this` is its surroundings' (maybe not initialised yet): the runtime does not need it.
  const callArgs: Expression[] = [selfRef, isArrow ? t.unaryExpression("void", t.numericLiteral(0)) : t.thisExpression(), machine];
  if (tries) callArgs.push(tries);
  // An async function's machine is made with `new` (see startAsync); the others by a call.
  let machineCall: Expression =
    kind === "async" ? t.newExpression(file.runtime.helper(entry.drive), callArgs) : t.callExpression(file.runtime.helper(entry.drive), callArgs);
  if (traceIndex !== null) {
    // `trace: true`: the runtime's tracing hooks learn of the machine (see the runtime's trace.ts).
    machineCall = t.callExpression(file.runtime.helper("traceMachine"), [machineCall, t.stringLiteral(traceName), t.numericLiteral(traceIndex)]);
  }
  const outer: Statement[] = [
    ...(declarators.length ? [t.variableDeclaration("var", declarators)] : []),
    ...(kind === "async" ? [] : paramStatements),
    ...functions,
    ...(kind === "async"
      ? startAsync(t, lowering.emitter.ctx, machineCall, paramStatements, firstRun, () => scope.generateUidIdentifier("error"), settleVerb)
      : [t.returnStatement(machineCall)]),
  ];

  loweredCoroutines.add(node);
  node.generator = false;
  node.async = false;
  loweredFunctions.add(node);
  node.params = params.params;
  const outerBody = t.blockStatement(outer, body.directives);
  file.setup.guard(outerBody);
  path.get("body").replaceWith(outerBody);

  if (node.type === "FunctionDeclaration" && node.id) {
    const args: Expression[] = [t.identifier(node.id.name)];
    if (markName !== null) args.push(t.stringLiteral(markName));
    insertMark(path, t.callExpression(file.runtime.helper(entry.mark), args), selfAlias, t, file.setup);
  } else if (node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression") {
    // An arrow wrapped in the call loses the name it would get from where it stands: given back.
    if (isArrow) markName = inferredName(path) || null;
    const args: Expression[] = [node];
    // Under a computed key, the name is the key as evaluated (key-names.ts).
    const evaluatedKey = ownName === null ? keepEvaluatedKey(path, t, (name) => file.runtime.helper(name)) : null;
    if (evaluatedKey !== null) args.push(evaluatedKey);
    else if (markName !== null) args.push(t.stringLiteral(markName));
    path.replaceWith(t.callExpression(file.runtime.helper(entry.mark), args));
    if (evaluatedKey !== null) registerKeyRead((path as unknown as NodePath).get("arguments.1") as NodePath);
    path.skip();
  }
  scope.crawl();
}

/**
 * An async function runs its body at once, up to the first `await`, and returns the promise of
 * its result. Parameters are bound first; an error there rejects the promise, as it does natively:
 *
 *     var _ctx = new _stepwise.AsyncContext(f, this, function () { ... _ctx.state ... });
 *     try { a = ...; } catch (_error) { return _ctx.fail(_error); }       (parameters, if any)
 *     try { <case 0, moved here> } catch (_error) { _ctx.thrown = _error; }   (first-run.ts; where
 *                                   case 0 must stay in the machine: _ctx.returned = (0, _ctx.body)())
 *     return _ctx.settle();                  // resolve, reject or subscribe to the first await
 *
 * (`_ctx.drive()` instead where no `await` is in a loop: awaits-in-loops.ts.)
 *
 * Why this shape: `await f(n - 1)` recursion keeps one frame per level on the stack when the
 * first run stands here (two, this function's and its body's, when it is a call of the body: the
 * body is then called from here, not from a runtime function, and takes no parameter). Every
 * statement here but the moved case needs at most five of V8's registers (a `new` with three
 * arguments, a store in the `catch`); `_ctx.settle(_ctx.body())` would take a sixth.
 */
function startAsync(
  t: typeof BabelTypes,
  ctx: Identifier,
  machine: Expression,
  params: Statement[],
  firstRun: Statement[] | null,
  error: () => Identifier,
  settle: "settle" | "drive",
): Statement[] {
  const id = () => t.identifier(ctx.name);
  const member = (name: string) => t.memberExpression(id(), t.identifier(name));
  const call = (name: string, args: Expression[]) => t.callExpression(member(name), args);
  const out: Statement[] = [t.variableDeclaration("var", [t.variableDeclarator(id(), machine)])];
  if (params.length > 0) {
    const paramError = error();
    out.push(t.tryStatement(t.blockStatement(params), t.catchClause(paramError, t.blockStatement([t.returnStatement(call("fail", [t.identifier(paramError.name)]))]))));
  }
  const bodyError = error();
  out.push(
    t.tryStatement(
      // The machine is called as a plain function, so stack traces show its name (`at walk`).
      t.blockStatement(firstRun ?? [t.expressionStatement(t.assignmentExpression("=", member("returned"), t.callExpression(t.sequenceExpression([t.numericLiteral(0), member("body")]), [])))]),
      t.catchClause(bodyError, t.blockStatement([t.expressionStatement(t.assignmentExpression("=", member("thrown"), t.identifier(bodyError.name)))])),
    ),
    t.returnStatement(call(settle, [])),
  );
  return out;
}

/**
 * `_stepwise.mark(g)` at the top of the block that declares `g` (declarations are hoisted), or
 * `var _g = _stepwise.mark(g)` when the body refers to itself through an alias; at an ES module's
 * top level, in the module's setup (plugin/file-setup.ts), which runs before anything can call
 * `g`, even from a module that imports this one in a cycle (the alias is then a variable of the
 * module, assigned there).
 */
function insertMark(path: NodePath<FunctionNode>, mark: Expression, alias: Identifier | null, t: typeof BabelTypes, setup: FileSetup): void {
  let container: NodePath | null = path.parentPath;
  while (container && container.isExportDeclaration()) container = container.parentPath;
  if (container && container.isProgram() && setup.module) {
    if (alias !== null) {
      const [declared] = container.unshiftContainer("body", t.variableDeclaration("var", [t.variableDeclarator(t.identifier(alias.name))]));
      container.scope.registerDeclaration(declared);
    }
    setup.mark(t.expressionStatement(alias === null ? mark : t.assignmentExpression("=", t.identifier(alias.name), mark)));
    return;
  }
  const statement = alias === null ? t.expressionStatement(mark) : t.variableDeclaration("var", [t.variableDeclarator(t.identifier(alias.name), mark)]);
  let inserted: NodePath[];
  if (container && container.isProgram()) {
    inserted = container.unshiftContainer("body", statement);
  } else if (container && container.isBlockStatement()) {
    inserted = container.unshiftContainer("body", statement);
  } else if (container && container.isTSModuleBlock()) {
    // A TypeScript namespace's body is a block of its own (its function declarations are hoisted there).
    inserted = container.unshiftContainer("body", statement);
  } else if (container && container.isSwitchCase()) {
    inserted = container.unshiftContainer("consequent", statement);
  } else {
    // Generator and async function declarations stand only in blocks, namespaces, switch cases and exports.
    throw path.buildCodeFrameError("stepwise: internal error: unexpected place for a generator or async function declaration.");
  }
  // The new `g` is a reference to the declaration, like any other (an enclosing lowering may
  // move that binding, e.g. into a per-iteration scope object).
  const reference = inserted[0].get(alias === null ? "expression.arguments.0" : "declarations.0.init.arguments.0") as NodePath;
  if (alias !== null) inserted[0].scope.registerDeclaration(inserted[0]);
  const name = (reference.node as Identifier).name;
  reference.scope.getBinding(name)?.reference(reference);
}
