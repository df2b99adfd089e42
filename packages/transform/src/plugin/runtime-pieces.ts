/**
 * Picks the runtime a file carries with `runtime: "inline"`: exactly the runtime's statements the
 * file needs, from the pieces manifest the runtime's bundler writes (`dist/pieces.json`; how it is
 * cut: packages/runtime/scripts/pieces.mjs).
 *
 * What a file needs is a request: the names it reads off `_stepwise` (`generator`, `mark`, ...) and
 * keys for what it needs beyond them (the Promise-less fallback where Babel's targets lack Promise;
 * see runtime-ref.ts for where each comes from). The closure starts at the declarations of the names
 * read and follows every name a taken statement uses; an install (`define(GeneratorPrototype, ...)`)
 * comes along with the declarations it writes to. A keyed declaration whose key is not requested is
 * declared empty (`var FallbackPromise;`): the runtime reaches it only where the key would be set.
 *
 *     selectRuntime(manifest, { names: ["generator", "mark"], keys: new Set() })
 *       → "(function () { "use strict"; var NEXT = 0; ... function mark(fn, name) { ... }
 *          return { generator: generator, mark: mark }; })()"
 */

/** One top-level statement of the runtime's flat scope. */
export interface RuntimeStatement {
  code: string;
  declares: string[];
  uses: string[];
  /** The top-level names its load-time code writes to (an install comes along with them). */
  writes?: string[];
  /** Set for a statement of an optional module: taken only when this key is requested. */
  key?: string;
  module?: string;
  /** Set for an install that only stores this top-level name (`Context.prototype.raise = raise;`). */
  stores?: string;
}

/** dist/pieces.json. */
export interface RuntimeManifest {
  version: string;
  /** Exported name → the top-level name that holds it. */
  exports: Record<string, string>;
  /** The keys optional statements carry. */
  keys: string[];
  statements: RuntimeStatement[];
}

export interface RuntimeRequest {
  /** Names read off the runtime namespace. */
  names: Iterable<string>;
  keys: ReadonlySet<string>;
}

export interface RuntimeSelection {
  /** Indexes into `manifest.statements`, in order. */
  statements: number[];
  /** Keyed names declared empty. */
  stubs: string[];
  /** The names the namespace object gets, each with its top-level name. */
  exports: [string, string][];
}

/** The statements (and empty declarations) a request needs. Throws on a name the runtime lacks. */
export function selectRuntime(manifest: RuntimeManifest, request: RuntimeRequest): RuntimeSelection {
  const { statements } = manifest;
  const declaredBy = new Map<string, number>();
  statements.forEach((s, i) => s.declares.forEach((name) => declaredBy.set(name, i)));
  const taken = new Set<number>();
  const present = new Set<string>();
  const stubs = new Set<string>();
  const allowed = (s: RuntimeStatement) => s.key === undefined || request.keys.has(s.key);

  const take = (index: number) => {
    if (taken.has(index)) return;
    taken.add(index);
    const s = statements[index];
    for (const name of s.declares) present.add(name);
    for (const name of s.uses) need(name);
  };
  const need = (name: string) => {
    if (present.has(name) || stubs.has(name)) return;
    const index = declaredBy.get(name);
    if (index === undefined) throw new Error(`stepwise: the runtime has no ${name}`);
    if (allowed(statements[index])) take(index);
    else stubs.add(name);
  };

  const exports: [string, string][] = [];
  for (const name of request.names) {
    const local = manifest.exports[name];
    if (local === undefined) throw new Error(`stepwise: the runtime exports no ${name}`);
    exports.push([name, local]);
    need(local);
  }
  // Installs (and declarations that set up others) follow what they write to, until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    statements.forEach((s, i) => {
      if (taken.has(i) || !allowed(s) || s.writes === undefined) return;
      if (s.writes.some((name) => present.has(name))) {
        take(i);
        changed = true;
      }
    });
  }
  // An install that only stores a name declared empty here stores undefined on the runtime's own
  // objects: nothing reaches it (a file without try tables never calls `_ctx.raise`), so it goes,
  // and so does the empty declaration when nothing else names it.
  const kept = [...taken].filter((i) => statements[i].stores === undefined || !stubs.has(statements[i].stores!)).sort((a, b) => a - b);
  const named = new Set<string>();
  for (const i of kept) for (const name of statements[i].uses) named.add(name);
  return { statements: kept, stubs: [...stubs].filter((name) => named.has(name)).sort(), exports };
}

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with".split(
    " ",
  ),
);

/** The selection as one ES5 expression: a function that runs the statements and returns the namespace. */
export function runtimeSource(manifest: RuntimeManifest, selection: RuntimeSelection): string {
  const lines = ['(function () {', '"use strict";'];
  if (selection.stubs.length > 0) lines.push(`var ${selection.stubs.join(", ")};`);
  for (const index of selection.statements) lines.push(manifest.statements[index].code);
  const properties = selection.exports.map(([name, local]) => `${RESERVED.has(name) ? JSON.stringify(name) : name}: ${local}`);
  lines.push(`return { ${properties.join(", ")} };`, "})()");
  return lines.join("\n");
}
