/**
 * Lowered *methods* keep their identity: each is marked as its kind of function (its own
 * `prototype`, GeneratorFunction.prototype as its [[Prototype]]) and its body refers to itself,
 * though a method has no name to do it by and is made anew at each evaluation of its object
 * literal or class. The literal or class is wrapped in an arrow function of an array the runtime
 * makes per evaluation (an arrow: `this`, `arguments`, `super` and `new.target` stay the
 * surroundings'); the runtime marks the methods it finds under their keys and leaves each in the
 * array, which the body reads (the runtime's methods.ts):
 *
 *     class C extends B { *m() { ... } static async [k()]() { ... } }
 *       becomes
 *     let C = _stepwise.withMethods(_methods => class C extends B {
 *       m() { return _stepwise.generator(_methods[0], this, ...); }
 *       static [_stepwise.methodKey(_methods, 1, k())]() { ... new _stepwise.AsyncContext(_methods[1], this, ...) ... }
 *     }, [_stepwise.mark, "m", 0, _stepwise.markAsync, null, 1]);
 *
 * The marking must see each method after it is defined and before anything else can reach it:
 * - A literal's methods are reachable only once the literal is complete: `withMethods` marks them
 *   then. A class's methods are all defined before its static fields and blocks run, and those
 *   may call, replace, bind or freeze them: a class with static code is marked by a call put in
 *   front of the first static element that runs code (`markMethods(_methods, this, marks)`, first
 *   in a static block or around a field's value, which keeps the name an anonymous function value
 *   takes from the field), and `withMethods` gets null for its marks.
 * - Only a function the literal or class made is marked. A later member may define the method's
 *   key first (method-rivals.ts): under the same static key, the method is not looked up (`false`);
 *   after a spread, neither; a computed key on either side is compared at run time (its value kept
 *   in `_methods` by `methodKey`, listed with the key as `[key, rival...]`). Such a method's machine
 *   falls back to its kind's shared prototype, as an unwrapped one does.
 * - A suspending literal defines its members one by one after its first suspending value (the
 *   literal itself holds only those before): each lowered method not in it is wrapped alone where
 *   it is defined (`wrapScattered`), marked in an array of its own before anything else sees it.
 *
 * Methods are lowered first (inner functions before outer ones); the wrapping waits until the
 * whole file is lowered (`wrapContainers`), when no `yield` or `await` is left that an arrow
 * could not hold. Left as they were (methods made from the shared prototypes): private methods
 * (no key to find them by), classes with decorators (a decorator may replace a method), and
 * containers with a top-level `await` in them (their methods read nulls from an array declared
 * before the statement).
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { ClassMethod, ClassPrivateMethod, Expression, Identifier, Node, ObjectMethod, Program, Statement } from "@babel/types";
import { markingPoint, keyName, rivalsOf, type Keyed, type StaticCode } from "./method-rivals.js";
import { isAnonymousFunctionDefinition, namedByProperty } from "./names.js";
import { someNode } from "./walk.js";
import { keyOwner, ownerKeyName, keepEvaluatedKey, registerKeyRead } from "./key-names.js";

type MethodNode = ObjectMethod | ClassMethod;

/** One lowered method waiting for its container to be wrapped. */
interface Entry {
  /**
   * The method, found again by its body (the lowered one, in place when the container is wrapped):
   * a lowering of the function around the literal may have made the method a property with a
   * function value (es5-syntax.ts), around the same body.
   */
  method: MethodNode;
  /** `mark`, `markAsync` or `markAsyncGenerator`. */
  mark: string;
}

/** The member of a literal or class body that holds the method with this body. */
type Member = MethodNode | (BabelTypes.ObjectProperty & { value: BabelTypes.FunctionExpression });


function findMember(container: BabelTypes.ObjectExpression | BabelTypes.ClassBody, body: Node): Member | null {
  const members: Node[] = container.type === "ObjectExpression" ? container.properties : container.body;
  for (const member of members) {
    if ((member.type === "ObjectMethod" || member.type === "ClassMethod") && member.body === body) return member;
    if (member.type === "ObjectProperty" && member.value.type === "FunctionExpression" && member.value.body === body) return member as Member;
  }
  return null;
}

/** A lowered method (of `group`, at `index`) to wrap on its own. */
interface Scattered {
  group: Group;
  index: number;
}

/** The lowered methods of one object literal or class body, and the array their bodies read. */
interface Group {
  methods: Identifier;
  entries: Entry[];
}

export class MethodIdentity {
  /** By container: the ObjectExpression or the ClassBody (which survives hoisting's rewrite of a class). */
  private readonly groups = new Map<Node, Group>();

  constructor(
    private readonly t: typeof BabelTypes,
    private readonly helper: (name: string) => Expression,
  ) {}

  /**
   * The expression a lowered method's body reaches the method by (`_methods[i]`), or null for a
   * method left as it was.
   */
  selfOf(path: NodePath<MethodNode | ClassPrivateMethod>, mark: string): Expression | null {
    const node = path.node;
    if (node.type === "ClassPrivateMethod") return null;
    const container = path.parentPath.node;
    if (node.type === "ClassMethod") {
      const cls = path.parentPath.parentPath!.node;
      if ((cls.type === "ClassDeclaration" || cls.type === "ClassExpression") && cls.decorators && cls.decorators.length > 0) return null;
      if (node.decorators && node.decorators.length > 0) return null;
      // A namespace's exported class must stay a constant (see `wrap`): one the program assigns
      // to keeps its declaration.
      const classPath = path.parentPath.parentPath!;
      if (exportedFromNamespace(classPath) && !(classPath.scope.parent?.getBinding((cls as BabelTypes.ClassDeclaration).id!.name)?.constant ?? true)) return null;
    }
    let group = this.groups.get(container);
    if (group === undefined) {
      group = { methods: path.scope.parent!.generateUidIdentifier("methods"), entries: [] };
      this.groups.set(container, group);
    }
    const index = group.entries.length;
    group.entries.push({ method: node, mark });
    const t = this.t;
    return t.memberExpression(t.identifier(group.methods.name), t.numericLiteral(index), true);
  }

  /** After the whole file is lowered: each literal or class with lowered methods is wrapped. */
  wrapContainers(program: NodePath<Program>): void {
    if (this.groups.size === 0) return;
    // Every literal and class body, in source order, found in one walk of the file.
    const bodies: { body: Node; path: NodePath }[] = [];
    const holderOf = new Map<Node, Node>();
    program.traverse({
      ObjectExpression: (path) => {
        bodies.push({ body: path.node, path });
        for (const member of path.node.properties) if (member.type === "ObjectMethod") holderOf.set(member.body, path.node);
      },
      ClassBody: (path) => {
        bodies.push({ body: path.node, path: path.parentPath });
      },
    });
    this.findRebuiltContainers(new Set(bodies.map(({ body }) => body)), holderOf);
    const found = bodies.filter(({ body }) => this.groups.has(body));
    // Innermost first: a literal inside another's method is wrapped before the outer one moves it.
    const scattered: Scattered[] = [];
    for (const { body, path } of [...found].reverse()) {
      const group = this.groups.get(body)!;
      for (const index of this.wrap(path)) scattered.push({ group, index });
    }
    // (Known before wrapping: a wrapped path holds the call around its literal or class.)
    const wrapped = new Set<Node>(found.map(({ body }) => body));
    for (const [container, group] of this.groups) {
      if (!wrapped.has(container)) group.entries.forEach((_, index) => scattered.push({ group, index }));
    }
    if (scattered.length > 0) this.wrapScattered(program, scattered);
  }

  /**
   * A literal that suspends is rebuilt by the lowering of the function around it (a new
   * ObjectExpression holding its methods, the values computed before): its group moves to the new
   * literal, found by the bodies of the methods it still holds.
   */
  private findRebuiltContainers(present: ReadonlySet<Node>, holderOf: ReadonlyMap<Node, Node>): void {
    for (const [container, group] of [...this.groups]) {
      if (present.has(container)) continue;
      const holder = group.entries.map((entry) => holderOf.get(entry.method.body)).find((n) => n !== undefined);
      if (holder === undefined || this.groups.has(holder)) continue;
      this.groups.delete(container);
      this.groups.set(holder, group);
    }
  }

  /**
   * A literal that suspends was taken apart into property definitions (expressions/literals.ts):
   * there is no literal left to wrap. Each of its lowered methods, now a function value, is wrapped
   * alone, in an array made per evaluation where it is marked (the other indices stay null):
   *
   *     _stepwise.defineValue(_object, "m", function m() { ... _methods[1] ... })
   *       becomes
   *     _stepwise.defineValue(_object, "m", _stepwise.withMethods(function (_methods) {
   *       return [function m() { ... _methods[1] ... }];
   *     }, [_stepwise.mark, "", 1, _stepwise.mark, "0", 1])[0])
   */
  private wrapScattered(program: NodePath<Program>, scattered: Scattered[]): void {
    const t = this.t;
    const byBody = new Map<Node, Scattered>();
    for (const item of scattered) byBody.set(item.group.entries[item.index]!.method.body, item);
    program.traverse({
      FunctionExpression: (path) => {
        const found = byBody.get(path.node.body);
        if (found === undefined) return;
        byBody.delete(path.node.body);
        const { group, index } = found;
        // An anonymous function standing as a property's value is named by the key: it stays under
        // that key (in an object of its own) to keep the name, else it goes in an array.
        const parent = path.parent;
        const key = parent.type === "ObjectProperty" && parent.value === path.node ? keyName(parent) : null;
        const named = key !== null && key !== "__proto__" ? t.stringLiteral(key) : null;
        const marks: Expression[] = [];
        group.entries.forEach((entry, i) =>
          marks.push(this.helper(entry.mark), i !== index ? t.booleanLiteral(false) : t.stringLiteral(named !== null ? named.value : "0"), t.numericLiteral(1)),
        );
        const holder = named !== null ? t.objectExpression([t.objectProperty(t.stringLiteral(named.value), path.node)]) : t.arrayExpression([path.node]);
        const build = t.functionExpression(null, [t.identifier(group.methods.name)], t.blockStatement([t.returnStatement(holder)]));
        const made = t.callExpression(this.helper("withMethods"), [build, t.arrayExpression(marks)]);
        path.replaceWith(t.memberExpression(made, named !== null ? t.stringLiteral(named.value) : t.numericLiteral(0), true));
        path.skip();
      },
    });
  }

  /**
   * Wraps one literal or class; returns its lowered methods that are not among its members any
   * more (a suspending literal defines the ones after its first `yield` or `await` one by one).
   */
  private wrap(path: NodePath): number[] {
    const t = this.t;
    const node = path.node;
    const body = node.type === "ObjectExpression" ? node : (node as BabelTypes.Class).body;
    const group = this.groups.get(body)!;
    if (hasTopLevelAwait(node)) {
      // Left as it is (an arrow cannot hold the `await`): its methods' bodies read null, the kind's
      // shared prototype, from an array of their own in front of the statement.
      let statement = path.getStatementParent()!;
      if (statement.parentPath.isExportDeclaration()) statement = statement.parentPath;
      const nulls = group.entries.map(() => t.nullLiteral());
      statement.insertBefore(t.variableDeclaration("const", [t.variableDeclarator(t.identifier(group.methods.name), t.arrayExpression(nulls))]));
      return [];
    }
    const point = body.type === "ClassBody" ? markingPoint(body) : null;
    const keys = new KeyRecorder(t, group, this.helper, group.entries.map((entry) => findMember(body, entry.method.body)));
    const missing: number[] = [];
    const marks: Expression[] = [];
    group.entries.forEach((entry, index) => {
      const member = keys.members[index]!;
      if (member === null) missing.push(index);
      const key = member === null ? t.booleanLiteral(false) : keys.keyOf(member, rivalsOf(body, member, point));
      const onItself = member === null || member.type !== "ClassMethod" || member.static;
      marks.push(this.helper(entry.mark), key, t.numericLiteral(onItself ? 1 : 0));
    });
    // A class with static code marks its methods before that code runs (the runtime's methods.ts).
    if (point !== null) markAt(t, point, t.callExpression(this.helper("markMethods"), [t.identifier(group.methods.name), t.thisExpression(), t.arrayExpression(marks)]), keys);
    const marksArgument = point !== null ? t.nullLiteral() : t.arrayExpression(marks);
    // An arrow keeps the surroundings' `this`, `arguments`, `super` and `new.target`. A literal whose
    // methods are all properties now is inside a lowered body (es5-syntax.ts made them so), which
    // refers to those through variables of its own, and must stay ES5: a function expression there.
    const es5 = node.type === "ObjectExpression" && !node.properties.some((p) => p.type === "ObjectMethod");
    const build = (expression: Expression) =>
      es5
        ? t.functionExpression(null, [t.identifier(group.methods.name)], t.blockStatement([t.returnStatement(expression)]))
        : t.arrowFunctionExpression([t.identifier(group.methods.name)], expression);
    const call = (expression: Expression, name: string | Expression | null) =>
      t.callExpression(this.helper("withMethods"), [build(expression), marksArgument, ...(name === null ? [] : [typeof name === "string" ? t.stringLiteral(name) : name])]);

    if (node.type === "ObjectExpression") {
      path.replaceWith(call(node, null));
      path.skip();
      return missing;
    }
    if (node.type === "ClassExpression") {
      const anonymous = node.id === null || node.id === undefined;
      // Under a computed key, the name is the key as evaluated (key-names.ts).
      const evaluatedKey = anonymous && !ownStaticName(node) ? keepEvaluatedKey(path, t, this.helper) : null;
      const name = anonymous ? evaluatedKey ?? inferredClassName(path, node) : null;
      path.replaceWith(call(node, name));
      if (evaluatedKey !== null) registerKeyRead(path.get("arguments.2") as NodePath);
      path.skip();
      return missing;
    }
    if (node.type !== "ClassDeclaration") return missing;
    // A class declaration becomes a `let` of the wrapped class (the binding it makes is let-like);
    // a `const` when a TypeScript namespace exports it (the only kind of variable @babel/preset-
    // typescript exports from a namespace; `selfOf` left the classes that are assigned to alone).
    const kind = exportedFromNamespace(path) ? "const" : "let";
    const expression = t.classExpression(node.id ?? null, node.superClass ?? null, node.body, node.decorators ?? []);
    copyClassFields(node, expression);
    const parent = path.parentPath!;
    if (node.id === null || node.id === undefined) {
      // `export default class { ... }`: named "default".
      if (parent.isExportDefaultDeclaration()) {
        parent.replaceWith(t.exportDefaultDeclaration(call(expression, ownStaticName(node) ? null : "default")));
        parent.skip();
      }
      return missing;
    }
    const declaration = t.variableDeclaration(kind, [t.variableDeclarator(t.identifier(node.id.name), call(expression, null))]);
    let replaced: NodePath[];
    if (parent.isExportDefaultDeclaration()) {
      replaced = parent.replaceWithMultiple([declaration, t.exportNamedDeclaration(null, [t.exportSpecifier(t.identifier(node.id.name), t.identifier("default"))])] as Statement[]);
    } else if (parent.isExportNamedDeclaration()) {
      replaced = parent.replaceWith(t.exportNamedDeclaration(declaration, []));
    } else {
      replaced = path.replaceWith(declaration);
    }
    for (const p of replaced) p.skip();
    return missing;
  }
}

/**
 * The keys of one literal's or class's lowered methods as `marks` gives them to the runtime: the
 * property key, null for a computed one (kept in `_methods` by `methodKey`), `false` for one never
 * looked up, or `[key, rival...]` with the later members' keys that replace it if equal (a static
 * key, or the index in `_methods` where `methodKey` keeps a computed one). Computed keys are
 * recorded once each, where they stand.
 */
class KeyRecorder {
  /** The next free index in `_methods` after the methods' own. */
  private next: number;
  private readonly slots = new Map<Node, number>();

  constructor(
    private readonly t: typeof BabelTypes,
    private readonly group: Group,
    private readonly helper: (name: string) => Expression,
    /** By entry: its member in the literal or class, or null. */
    readonly members: (Member | null)[],
  ) {
    this.next = members.length;
    members.forEach((member, index) => {
      if (member !== null) this.slots.set(member, index);
    });
  }

  keyOf(member: Member, rivals: Keyed[] | "spread"): Expression {
    const t = this.t;
    if (rivals === "spread") return t.booleanLiteral(false);
    const own = keyName(member);
    if (member.computed) this.record(member);
    const listed: Expression[] = [];
    for (const rival of rivals) {
      const name = keyName(rival);
      if (name !== null) {
        if (own === null) listed.push(t.stringLiteral(name));
        else if (name === own) return t.booleanLiteral(false);
      } else if (rival.computed) {
        listed.push(t.numericLiteral(this.record(rival)));
      }
    }
    const key = own !== null ? t.stringLiteral(own) : t.nullLiteral();
    return listed.length === 0 ? key : t.arrayExpression([key, ...listed]);
  }

  /** The index in `_methods` where the computed key of `member` is kept (its key passes through `methodKey`). */
  record(member: Keyed): number {
    let slot = this.slots.get(member);
    if (slot === undefined) {
      slot = this.next++;
      this.slots.set(member, slot);
    }
    if (!this.recorded.has(member)) {
      this.recorded.add(member);
      const t = this.t;
      member.key = t.callExpression(this.helper("methodKey"), [t.identifier(this.group.methods.name), t.numericLiteral(slot), member.key as Expression]);
    }
    return slot;
  }

  private readonly recorded = new Set<Node>();

  get methodsName(): string {
    return this.group.methods.name;
  }
}

/**
 * Puts `marking` (a call) in front of the code of a class's first static element that runs code:
 * first in a static block; in a field's value otherwise, which keeps the name an anonymous function
 * or class value takes from the field (`static f = () => {}` is named "f"):
 *
 *     static f = () => {};        static f = (_stepwise.markMethods(...), { f: () => {} }.f);
 *     static [k] = () => {};      static [_stepwise.methodKey(_methods, 2, k)] = (_stepwise.markMethods(...), { [_methods[2]]: () => {} }[_methods[2]]);
 */
function markAt(t: typeof BabelTypes, point: StaticCode, marking: Expression, keys: KeyRecorder): void {
  if (point.type === "StaticBlock") {
    point.body.unshift(t.expressionStatement(marking));
    return;
  }
  let value = point.value!;
  if (isAnonymousFunctionDefinition(value)) {
    if (point.type !== "ClassPrivateProperty" && point.computed) {
      const slot = keys.record(point as Keyed);
      const key = () => t.memberExpression(t.identifier(keys.methodsName), t.numericLiteral(slot), true);
      value = t.memberExpression(t.objectExpression([t.objectProperty(key(), value, true)]), key(), true);
    } else {
      const name = point.key.type === "PrivateName" ? "#" + point.key.id.name : keyName(point as Keyed);
      if (name === "__proto__") {
        value = t.memberExpression(t.objectExpression([t.objectProperty(t.stringLiteral(name), value, true)]), t.stringLiteral(name), true);
      } else if (name !== null) {
        value = namedByProperty(t, name, value);
      }
    }
  }
  point.value = t.sequenceExpression([marking, value]);
}

/** Is `path` a class declaration exported from a TypeScript namespace (`namespace N { export class C {} }`)? */
function exportedFromNamespace(path: NodePath): boolean {
  const parent = path.parentPath;
  return path.isClassDeclaration() && parent !== null && parent.isExportNamedDeclaration() && parent.parentPath !== null && parent.parentPath.isTSModuleBlock();
}

/** Does the class define a static `name` of its own (so it must keep that one)? */
function ownStaticName(node: BabelTypes.Class): boolean {
  return node.body.body.some((member) => {
    if (!("static" in member) || !member.static || !("key" in member) || ("computed" in member && member.computed)) return false;
    const key = member.key;
    return (key.type === "Identifier" && key.name === "name") || (key.type === "StringLiteral" && key.value === "name");
  });
}

/** The name an anonymous class expression gets from where it stands (`var C = class {}`), if any. */
function inferredClassName(path: NodePath, node: BabelTypes.ClassExpression): string | null {
  if (ownStaticName(node)) return null;
  const parent = path.parent;
  if (parent.type === "VariableDeclarator" && parent.id.type === "Identifier" && parent.init === node) return parent.id.name;
  if (parent.type === "AssignmentExpression" && parent.operator === "=" && parent.left.type === "Identifier" && parent.right === node) return parent.left.name;
  if (keyOwner(path) !== null) return ownerKeyName(path) || null;
  if (parent.type === "AssignmentPattern" && parent.left.type === "Identifier" && parent.right === node) return parent.left.name;
  if (parent.type === "ExportDefaultDeclaration") return "default";
  return null;
}

/** TypeScript's and Flow's fields of a class declaration, carried over to the expression. */
function copyClassFields(from: BabelTypes.ClassDeclaration, to: BabelTypes.ClassExpression): void {
  const source = from as unknown as Record<string, unknown>;
  const target = to as unknown as Record<string, unknown>;
  for (const key of ["typeParameters", "superTypeParameters", "implements", "abstract"]) {
    if (source[key] !== undefined && source[key] !== null) target[key] = source[key];
  }
  to.loc = from.loc;
  to.start = from.start;
  to.end = from.end;
}

/** An `await` or `yield` of the module or function around the container, which an arrow cannot hold. */
function hasTopLevelAwait(node: Node): boolean {
  return someNode(node, (n) => n.type === "AwaitExpression" || n.type === "YieldExpression");
}
