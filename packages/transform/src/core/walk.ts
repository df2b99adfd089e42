/**
 * Plain walks over raw AST nodes. The lowering passes after hoisting work on nodes, not paths:
 * they only need structure, never scope. Nested functions are not entered unless asked; their
 * bodies are their own business.
 */
import type { Node } from "@babel/types";

/** Node fields that hold metadata, never child nodes. */
const NOT_CHILDREN = new Set(["loc", "leadingComments", "trailingComments", "innerComments", "extra", "range", "typeAnnotation", "returnType", "typeParameters"]);

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ObjectMethod", "ClassMethod", "ClassPrivateMethod"]);

export function isFunctionNode(node: Node): boolean {
  return FUNCTIONS.has(node.type);
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === "object" && typeof (value as Node).type === "string";
}

/**
 * Babel's table of the keys that hold child nodes, per node type (`types.VISITOR_KEYS`), given by
 * the plugin when it starts. Reading two or three known keys is several times cheaper than listing
 * every own property of every node; a type missing from the table falls back to the listing.
 */
let visitorKeys: Record<string, readonly string[]> = {};
const childKeyCache = new Map<string, readonly string[]>();

export function useVisitorKeys(keys: Record<string, readonly string[]>): void {
  if (keys === visitorKeys) return;
  visitorKeys = keys;
  childKeyCache.clear();
}

function childKeys(node: Node): readonly string[] {
  let keys = childKeyCache.get(node.type);
  if (keys === undefined) {
    const known = visitorKeys[node.type];
    if (known === undefined) return Object.keys(node).filter((key) => !NOT_CHILDREN.has(key));
    keys = known.filter((key) => !NOT_CHILDREN.has(key));
    childKeyCache.set(node.type, keys);
  }
  return keys;
}

/** The direct child nodes of `node`, in source order. */
export function childNodes(node: Node): Node[] {
  const out: Node[] = [];
  someChild(node, (child) => {
    out.push(child);
    return false;
  });
  return out;
}

/** Does `test` hold for a direct child of `node` (tried in source order, stopping at the first)? */
export function someChild(node: Node, test: (child: Node) => boolean): boolean {
  const record = node as unknown as Record<string, unknown>;
  for (const key of childKeys(node)) {
    const child = record[key];
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item) && test(item)) return true;
    } else if (isNode(child) && test(child)) return true;
  }
  return false;
}

/** Replaces each direct child by what `replace` returns for it. */
export function replaceChildren(node: Node, replace: (child: Node) => Node): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key of childKeys(node)) {
    const child = record[key];
    // Written back only when replaced: most children stay, and a store costs more than a compare.
    if (Array.isArray(child)) {
      for (let i = 0; i < child.length; i++) {
        const item = child[i];
        if (!isNode(item)) continue;
        const replaced = replace(item);
        if (replaced !== item) child[i] = replaced;
      }
    } else if (isNode(child)) {
      const replaced = replace(child);
      if (replaced !== child) record[key] = replaced;
    }
  }
}

/**
 * Calls `leave(node)` bottom-up, not entering nested functions (but a method's computed key, which
 * is evaluated where the method is defined); a returned node replaces the visited one.
 */
export function mapNodes(node: Node, leave: (node: Node) => Node | void): Node {
  if (!isFunctionNode(node)) replaceChildren(node, (child) => mapNodes(child, leave));
  else {
    const method = node as { computed?: boolean; key?: Node };
    if (method.computed === true && method.key) method.key = mapNodes(method.key, leave);
  }
  return leave(node) ?? node;
}

/**
 * Is there a node under `root` (itself included) for which `test` holds? `enter(node)` decides
 * whether to look inside a node (by default: everything but nested functions).
 */
export function someNode(root: Node, test: (node: Node) => boolean, enter: (node: Node) => boolean = (n) => n === root || !isFunctionNode(n)): boolean {
  const visit = (node: Node): boolean => test(node) || (enter(node) && someChild(node, visit));
  return visit(root);
}

/**
 * Can a path traversal looking for declarations or block scopes skip this expression? Outside
 * nested functions (which those traversals skip anyway) only a class can put a scope or a
 * statement inside an expression; everything else there is expressions all the way down.
 */
export function holdsNoDeclarations(expression: Node): boolean {
  return !someNode(expression, isClassNode);
}

/** The same, and no function inside either (see block-scopes.ts for why functions matter there). */
export function holdsNoDeclarationsOrFunctions(expression: Node): boolean {
  return !someNode(expression, (n) => isClassNode(n) || isFunctionNode(n));
}

function isClassNode(node: Node): boolean {
  return node.type === "ClassExpression" || node.type === "ClassDeclaration";
}
