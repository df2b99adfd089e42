// The runtime as pieces: its flat bundle cut into top-level statements, each with what it needs, so
// that a file compiled with `runtime: "inline"` carries only the statements it uses (the plugin's
// plugin/runtime-pieces.ts picks them; this module writes what it picks from).
//
// rollup joins the runtime's modules into one scope (bundle.mjs). Every top-level statement of that
// scope is either
//
//   - a declaration (`function f() {}`, `var X = ...`): taken when a name it declares is needed, i.e.
//     exported and read by the file, or used by a statement already taken;
//   - an install: work on one of those declarations (`define(GeneratorPrototype, "next", next);`,
//     `Context.keptAlive = new Context(...)`, `if (tag) define(Proto, tag, "Generator");`): taken
//     together with the declarations it writes to.
//
// What a statement "writes to" is read from its load-time code (not from the functions it defines):
// the root of each assignment target, the receiver of each method call, and the first argument of
// each call — the runtime's setup helpers take what they set up first (`define(target, key, value)`,
// `setName(fn, name)`), and a helper must not write to its other arguments. Calls that make a value
// without touching their arguments do not count: `Object.create(x)`, a function expression called
// at once (TypeScript's class pattern), and calls marked `/*#__PURE__*/`. A top-level statement that
// writes to no declaration (a loop, a call on a global) has no place here and fails the build: the
// runtime's load-time work must belong to what it sets up.
//
// Optional modules (OPTIONAL in bundle.mjs) give their declarations a key ("fallback:Promise", ...).
// A keyed declaration the file needs but whose key it does not is replaced by `var name;`: the code
// that refers to it must never reach it then (the Promise-less fallback is reached only where the
// engine has no Promise, and the key is set whenever Babel's targets include such an engine). An
// install that only stores such a name (`Context.prototype.raise = raise;`, marked `stores`) is left
// out with it.
import { parse } from "@babel/parser";
import _traverse from "@babel/traverse";

const traverse = _traverse.default ?? _traverse;

/**
 * Calls that build or read a value and write to none of their arguments: built-ins, by their global
 * names and by the names intrinsics.ts captures them under.
 */
const PURE_CALLEES = new Set([
  "Object.create",
  "Object.getPrototypeOf",
  "Symbol",
  "String",
  "create",
  "getPrototypeOf",
  "getOwnPropertyDescriptor",
  "objectKeys",
  "toObject",
  "toText",
]);

/**
 * The globals the runtime may read (once, when it loads): what no syntax reaches — the engine's
 * Promise and Symbol (the native build takes both from syntax) and the host's setTimeout — and
 * `undefined`. intrinsics.ts reaches every other built-in without its name. A new one fails the
 * build, so that it is a decision (the runtime must not depend on what user code or a polyfill can
 * change; see the hygiene rules in README). The plugin's hygiene.ts RUNTIME_GLOBALS is the same list.
 */
export const ALLOWED_GLOBALS = new Set(["Promise", "ReferenceError", "Reflect", "Symbol", "setTimeout", "undefined"]);

/** `a.b.c` of a member chain of identifiers, or null. */
function dotted(node) {
  if (node.type === "Identifier") return node.name;
  if (node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier") {
    const object = dotted(node.object);
    return object === null ? null : `${object}.${node.property.name}`;
  }
  return null;
}

/** The identifier at the root of `a.b[c].d`, or null. */
function rootName(node) {
  while (node.type === "MemberExpression") node = node.object;
  return node.type === "Identifier" ? node.name : null;
}

function isPureAnnotated(node) {
  return (node.leadingComments ?? []).some((c) => /[@#]__PURE__/.test(c.value));
}

/**
 * Cuts `code` (an ES module: the runtime's flat bundle, ending in one `export { ... }`) into its
 * top-level statements. `moduleOf(offset)` names the runtime module a statement came from; `keyOf`
 * gives that module's key, if it is optional. Returns `{ statements, exports, globals }`:
 * statements in order, each `{ code, module, declares, uses, writes, key, kind, stores }`; exports maps
 * each exported name to the local name that holds it.
 */
export function splitPieces(code, { moduleOf = () => undefined, keyOf = () => undefined } = {}) {
  const ast = parse(code, { sourceType: "module" });
  const body = ast.program.body;
  const exports = {};
  const statements = [];
  const indexOfNode = new Map();
  for (const node of body) {
    if (node.type === "ExportNamedDeclaration" && node.declaration == null && node.source == null) {
      for (const s of node.specifiers) exports[s.exported.name] = s.local.name;
      continue;
    }
    if (!["FunctionDeclaration", "ClassDeclaration", "VariableDeclaration", "ExpressionStatement", "IfStatement"].includes(node.type)) {
      throw new Error(`runtime pieces: a top-level ${node.type} (${snippet(code, node)}): the runtime's top level holds declarations and work on them only`);
    }
    const module = moduleOf(node.start);
    const declares =
      node.type === "FunctionDeclaration" || node.type === "ClassDeclaration"
        ? [node.id.name]
        : node.type === "VariableDeclaration"
          ? node.declarations.map((d) => d.id.name)
          : [];
    const statement = {
      code: code.slice(node.start, node.end),
      module,
      kind: declares.length > 0 ? "declaration" : "install",
      declares,
      uses: new Set(),
      loadUses: new Set(),
      globals: new Set(),
      writes: new Set(),
      key: declares.length > 0 ? keyOf(module) : undefined,
    };
    // An install that only stores a name (`Context.prototype.raise = raise;`): a file that gets that
    // name declared empty can leave the install out (the plugin's runtime-pieces.ts), as storing
    // undefined on the runtime's own prototype changes nothing the file does.
    if (
      declares.length === 0 &&
      node.type === "ExpressionStatement" &&
      node.expression.type === "AssignmentExpression" &&
      node.expression.operator === "=" &&
      node.expression.left.type === "MemberExpression" &&
      node.expression.right.type === "Identifier"
    ) {
      statement.stores = node.expression.right.name;
    }
    // A single `var x = init;`: its initializer's text, for the ES module's pure wrapper.
    if (node.type === "VariableDeclaration" && node.declarations.length === 1 && node.declarations[0].init != null) {
      statement.init = code.slice(node.declarations[0].init.start, node.declarations[0].init.end);
    }
    statement.trivial = node.type === "FunctionDeclaration" || (node.type === "VariableDeclaration" && node.declarations.every((d) => d.init == null || isTrivial(d.init)));
    indexOfNode.set(node, statements.length);
    statements.push(statement);
  }

  traverse(ast, {
    Program(programPath) {
      const programScope = programPath.scope;
      for (const statementPath of programPath.get("body")) {
        const index = indexOfNode.get(statementPath.node);
        if (index === undefined) continue;
        const statement = statements[index];
        const isTopLevelName = (path, name) => {
          const binding = path.scope.getBinding(name);
          return binding !== undefined && binding.scope === programScope;
        };
        const atLoad = (path) => path.getFunctionParent() === null;
        const write = (path, node) => {
          const name = node && rootName(node);
          if (name !== null && isTopLevelName(path, name)) statement.writes.add(name);
        };
        statementPath.traverse({
          Identifier(path) {
            const name = path.node.name;
            const referenced = path.isReferencedIdentifier() || (path.parentPath.isAssignmentExpression({ left: path.node }) || path.parentPath.isUpdateExpression());
            if (!referenced) return;
            const binding = path.scope.getBinding(name);
            if (binding === undefined) {
              if (name !== "arguments") statement.globals.add(name);
            } else if (binding.scope === programScope && !statement.declares.includes(name)) {
              statement.uses.add(name);
              if (atLoad(path)) statement.loadUses.add(name);
            }
          },
          AssignmentExpression(path) {
            if (atLoad(path)) write(path, path.node.left);
          },
          UpdateExpression(path) {
            if (atLoad(path)) write(path, path.node.argument);
          },
          CallExpression(path) {
            if (!atLoad(path)) return;
            const { callee } = path.node;
            if (callee.type === "FunctionExpression" || isPureAnnotated(path.node) || PURE_CALLEES.has(dotted(callee))) return;
            if (callee.type === "MemberExpression") write(path, callee.object);
            const [first] = path.node.arguments;
            if (first !== undefined && (first.type === "Identifier" || first.type === "MemberExpression")) write(path, first);
          },
        });
        if (statement.kind === "install" && statement.writes.size === 0) {
          throw new Error(
            `runtime pieces: top-level work that sets up no declaration (${snippet(code, statementPath.node)}): move it into the initializer of what it sets up`,
          );
        }
      }
    },
  });

  const declared = new Map();
  for (const [i, s] of statements.entries()) for (const name of s.declares) declared.set(name, i);
  const globals = new Set();
  for (const s of statements) {
    for (const name of s.globals) globals.add(name);
    s.uses = [...s.uses].sort();
    s.loadUses = [...s.loadUses].sort();
    s.writes = [...s.writes].filter((name) => !s.declares.includes(name)).sort();
    s.globals = [...s.globals].sort();
  }
  return { statements, exports, globals: [...globals].sort(), declared };
}

/** An initializer a bundler can drop unread as it is: a literal, a name, a function, `typeof`. */
function isTrivial(node) {
  switch (node.type) {
    case "NumericLiteral":
    case "StringLiteral":
    case "BooleanLiteral":
    case "NullLiteral":
    case "Identifier":
    case "FunctionExpression":
      return true;
    case "ObjectExpression":
      return node.properties.every((p) => p.type === "ObjectProperty" && !p.computed && isTrivial(p.value));
    case "ArrayExpression":
      return node.elements.every((e) => e !== null && isTrivial(e));
    case "UnaryExpression":
      return node.operator === "typeof" && node.argument.type === "Identifier";
    case "BinaryExpression":
    case "LogicalExpression":
      return isTrivial(node.left) && isTrivial(node.right);
    default:
      return false;
  }
}

/**
 * The runtime as an ES module a bundler can tree-shake (lib/index.mjs). Bundlers keep every
 * top-level statement that may do something, so each declaration and its installs become one
 * declaration whose initializer is marked pure:
 *
 *     var GeneratorPrototype = Object.create(...);          var GeneratorPrototype = /*#__PURE__*\/ (function () {
 *     ...                                             →        var GeneratorPrototype = Object.create(...);
 *     define(GeneratorPrototype, "next", next);                define(GeneratorPrototype, "next", next);
 *                                                              return GeneratorPrototype;
 *                                                            })();
 *
 * (placed where its last install was, so that what the installs read exists by then). The pieces'
 * rule makes this sound: a statement's load-time work writes only to the declarations it is taken
 * with. A declaration whose initializer writes to another one stays as it is (bundlers keep it), and
 * so does one read at load time before its last install (folded, it would not exist yet there).
 */
export function esModuleFromPieces({ statements, exports, declared }, banner = "") {
  const groups = new Map(); // declaration index → indexes of its installs
  for (const [i, s] of statements.entries()) {
    if (s.kind !== "install") continue;
    const owner = declared.get(s.writes[0]);
    if (!groups.has(owner)) groups.set(owner, []);
    groups.get(owner).push(i);
  }
  const placeOf = new Map(); // statement index → the folded text emitted there (or "" for moved)
  for (const [i, s] of statements.entries()) {
    if (s.kind !== "declaration") continue;
    const installs = groups.get(i) ?? [];
    // Bundlers keep a declaration that sets up another one (and its installs with it), as they must.
    if (s.writes.length > 0 || (installs.length === 0 && s.trivial)) continue;
    if (s.declares.length !== 1) throw new Error(`runtime pieces: cannot fold ${s.declares.join(", ")} (one declaration, several names)`);
    const name = s.declares[0];
    const last = installs.length > 0 ? installs[installs.length - 1] : i;
    // Something reads it at load before its last install: folded, it would not exist yet there.
    // Left as it is, bundlers keep it (and its installs) in every bundle.
    const readEarly = statements.some((t, j) => j < last && j !== i && !installs.includes(j) && t.loadUses.includes(name));
    if (readEarly) continue;
    const body =
      installs.length === 0 && s.init !== undefined
        ? `return ${s.init};`
        : [s.code, ...installs.map((j) => statements[j].code), `return ${name};`].join("\n");
    placeOf.set(i, "");
    for (const j of installs) placeOf.set(j, "");
    placeOf.set(last, `var ${name} = /*#__PURE__*/ (function () {\n${body}\n})();`);
  }
  const out = banner ? [banner] : [];
  for (const [i, s] of statements.entries()) {
    const text = placeOf.has(i) ? placeOf.get(i) : s.code;
    if (text !== "") out.push(text);
  }
  const specifiers = Object.entries(exports).map(([exported, local]) => (exported === local ? local : `${local} as ${exported}`));
  out.push(`export { ${specifiers.join(", ")} };`);
  return out.join("\n") + "\n";
}

function snippet(code, node) {
  const text = code.slice(node.start, Math.min(node.end, node.start + 60)).replace(/\s+/g, " ");
  return node.end - node.start > 60 ? `${text}…` : text;
}

/**
 * The checks that make the pieces safe to pick from: every name a statement uses is declared by a
 * statement, every global it reads is allowed, and every export names a declaration. Throws on the
 * first problem.
 */
export function checkPieces({ statements, exports, globals, declared }) {
  for (const s of statements) {
    for (const name of s.uses) {
      if (!declared.has(name)) throw new Error(`runtime pieces: ${s.declares[0] ?? "a statement"} uses ${name}, which no statement declares`);
    }
  }
  const unknown = globals.filter((g) => !ALLOWED_GLOBALS.has(g));
  if (unknown.length > 0) {
    throw new Error(`runtime pieces: the runtime reads globals ${unknown.join(", ")}; add them to ALLOWED_GLOBALS in scripts/pieces.mjs only if it must`);
  }
  for (const [exported, local] of Object.entries(exports)) {
    if (!declared.has(local)) throw new Error(`runtime pieces: export ${exported} (${local}) is not a top-level declaration`);
  }
}
