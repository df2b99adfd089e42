// Random program generator of the differential fuzzer (scripts/fuzz/index.mjs).
//
// generateProgram(seed, { features: "all" | "sync", size }) returns
// { seed, code, features } where `code` is a plain script in the shape of a
// fixture's input.js (fixtures/README.md):
//
//   - ES5 outside coroutines (helpers, drivers: `var`, `function`, `g["return"]`),
//     anything the plugin lowers inside them; except that some programs (`es2015`, about a
//     third with --features all, none with --es5) also declare classes outside coroutines,
//     whose fields, static blocks and methods hold the coroutines (see classHost);
//   - it terminates: every loop has a counter in its head that the body never
//     writes, coroutines only call or delegate to coroutines defined before them
//     (no recursion, no `yield*` to itself), drivers make a bounded number of
//     next/throw/return calls;
//   - it prints every observable step with the harness's `log(...)`, and
//     never prints an engine's error message (caught errors are shown by
//     `show(e)`: the name for Error objects, the value for what the program
//     throws itself; the messages of TDZ errors and of failed iterations, which the
//     runtime words as V8 does, are the exceptions), so native Node and the lowered
//     code can be compared line by line;
//   - it leaves no promise rejection unhandled.
//
// The program is built by a small grammar of statement and expression builders
// that return source text. `features` counts how often each construct was
// emitted (for the coverage table). The same seed always gives the same program:
// the only source of randomness is the seeded PRNG below.

// ---------------------------------------------------------------------------
// PRNG: mulberry32, seeded through splitmix32 so that neighbouring seeds
// (1, 2, 3, …) start from unrelated states.

function splitmix32(seed) {
  let z = (seed + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  constructor(seed) {
    this.float = mulberry32(splitmix32(seed));
  }
  /** 0 .. n-1 */
  int(n) {
    return Math.floor(this.float() * n);
  }
  /** lo .. hi inclusive */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.float() < p;
  }
  pick(items) {
    return items[this.int(items.length)];
  }
  /** entries: [weight, value][]; entries with weight <= 0 are skipped. */
  weighted(entries) {
    let total = 0;
    for (const [w] of entries) if (w > 0) total += w;
    let x = this.float() * total;
    let last;
    for (const [w, v] of entries) {
      if (w <= 0) continue;
      last = v;
      x -= w;
      if (x < 0) return v;
    }
    return last;
  }
  shuffle(items) {
    const a = items.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

// ---------------------------------------------------------------------------
// Every construct the generator can emit, for the coverage table. Each is
// counted once per program that used it; `sync: false` ones exist only with
// --features all.

export const FEATURES = [
  // functions
  ["gen-declaration", "generator function declaration"],
  ["gen-expression", "generator function expression assigned to a var"],
  ["async-function", "async function", false],
  ["async-generator", "async generator function", false],
  ["nested-generator", "generator declared inside a coroutine"],
  ["nested-function", "function declared inside a coroutine, called later"],
  ["generator-method", "generator method of an object literal (inside a coroutine)"],
  ["member-after-generator-method", "spread, computed key or getter after a literal's generator method"],
  ["arrow", "arrow function inside a coroutine"],
  ["arrow-block-body", "arrow function with a block body"],
  ["async-arrow", "async arrow inside a coroutine", false],
  ["use-strict", '"use strict" coroutine'],
  ["param-default", "parameter with a default"],
  ["param-rest", "rest parameter"],
  ["param-pattern", "destructuring parameter"],
  ["arguments", "`arguments` in a coroutine or its arrows"],
  ["arguments-write", "assignment to arguments[i]"],
  ["this", "`this` in a coroutine"],
  // statements
  ["let", "let declaration"],
  ["const", "const declaration"],
  ["var", "var declaration"],
  ["destructure-array", "array destructuring declaration"],
  ["destructure-object", "object destructuring declaration"],
  ["destructure-default", "destructuring default"],
  ["destructure-rest", "destructuring rest element/property"],
  ["destructure-nested", "nested destructuring pattern"],
  ["destructure-fn-name", "anonymous function as a pattern or parameter default (name read back)"],
  ["destructure-default-throws", "array pattern default that throws (the iterator is closed)"],
  ["using", "`using` / `await using` in a block or a for-of head: disposers (sync, async, throwing) run on every exit"],
  ["if", "if / else"],
  ["for-let", "for (let …; …; …)"],
  ["closure-over-loop-let", "closure capturing a loop's let, called later"],
  ["call-closures", "calling the collected closures"],
  ["for-of", "for-of"],
  ["for-of-pattern", "for-of with a destructuring head"],
  ["for-of-assign-target", "for-of assigning to an existing variable or member"],
  ["for-of-generator", "for-of over a generator"],
  ["for-of-iterator", "for-of over a hand-made iterator"],
  ["for-in", "for-in"],
  ["for-await", "for await", false],
  ["while", "while"],
  ["do-while", "do-while"],
  ["labeled-loop", "labeled loop"],
  ["labeled-break", "break to a label"],
  ["labeled-continue", "continue to a label"],
  ["labeled-block", "labeled block with break"],
  ["break", "break"],
  ["continue", "continue"],
  ["switch", "switch"],
  ["switch-fallthrough", "switch case falling through"],
  ["switch-default", "switch default clause"],
  ["try-catch", "try/catch"],
  ["try-finally", "try/finally"],
  ["try-catch-finally", "try/catch/finally"],
  ["optional-catch-binding", "catch without a binding"],
  ["catch-pattern", "catch with a destructuring parameter"],
  ["return-in-finally", "return inside finally"],
  ["break-in-finally", "break inside finally"],
  ["continue-in-finally", "continue inside finally"],
  ["throw-in-finally", "throw inside finally"],
  ["suspend-in-finally", "yield/await inside finally"],
  ["throw", "throw statement"],
  ["return", "return statement"],
  ["shadowing-block", "block shadowing an outer binding with let"],
  ["tdz-read", "let/const read or written before its declaration (directly or by a closure), error caught"],
  ["tdz-param", "parameter default whose closure reads a later parameter, error caught"],
  // suspensions
  ["yield", "yield"],
  ["yield-no-argument", "yield without argument"],
  ["yield*-array", "yield* to an array"],
  ["yield*-string", "yield* to a string"],
  ["yield*-generator", "yield* to another generator"],
  ["yield*-iterator", "yield* to a hand-made iterator with throw and return"],
  ["yield*-iterator-no-throw", "yield* to a hand-made iterator without throw"],
  ["yield*-iterator-no-return", "yield* to a hand-made iterator without return"],
  ["yield*-async", "yield* to an async iterable", false],
  ["bad-iterable", "iteration or an object pattern of what is not iterable or null (for-of, spread, array and object patterns, yield*, for await), message shown"],
  ["bad-iterator-method", "iteration of an iterator whose next or return is not callable, message shown"],
  ["iterator-accessors", "a hand-made iterator whose throw and return are getters"],
  ["iterator-next-getter-throws", "a hand-made iterator whose next getter throws"],
  ["iterator-result-accessors", "a hand-made iterator whose results' done and value are getters"],
  ["await", "await", false],
  ["await-promise", "await Promise.resolve(…)", false],
  ["await-thenable", "await a thenable", false],
  ["await-async-call", "await an async function's call", false],
  ["await-rejected", "await Promise.reject(…)", false],
  ["await-timer", "await a promise settled by a timer", false],
  // expressions
  ["binary", "binary operator"],
  ["exponent", "**"],
  ["logical", "&& / ||"],
  ["nullish", "??"],
  ["conditional", "? :"],
  ["call", "function call"],
  ["spread-call", "spread arguments"],
  ["member-call", "method call (this)"],
  ["new", "new"],
  ["array", "array literal"],
  ["array-spread", "array spread"],
  ["array-hole", "array hole"],
  ["object", "object literal"],
  ["computed-key", "computed key"],
  ["keyed-coroutine-name", "coroutine values under computed and numeric keys, names read back"],
  ["object-spread", "object spread"],
  ["shorthand", "shorthand property"],
  ["template", "template literal"],
  ["assign", "assignment to a variable"],
  ["compound-assign", "compound assignment to a variable"],
  ["logical-assign", "||= &&= ??= to a variable"],
  ["member-assign", "assignment to a member"],
  ["member-compound-assign", "compound assignment to a member"],
  ["member-logical-assign", "logical assignment to a member"],
  ["destructure-assign", "destructuring assignment"],
  ["update", "++ / --"],
  ["sequence", "comma sequence"],
  ["typeof", "typeof"],
  ["delete", "delete"],
  ["void", "void"],
  ["unary", "- / !"],
  ["in", "in / instanceof"],
  ["optional-chain", "?. member"],
  ["optional-call", "?.() call"],
  ["iife-arrow", "arrow called on the spot"],
  ["generator-call-next", "gen().next(…) inside an expression"],
  // where suspensions sit
  ...[
    "binary",
    "logical",
    "nullish",
    "conditional",
    "call",
    "spread-call",
    "member-call",
    "new",
    "array",
    "object",
    "computed-key",
    "object-spread",
    "template",
    "assign",
    "compound-assign",
    "logical-assign",
    "member-assign",
    "member-compound-assign",
    "member-logical-assign",
    "sequence",
    "typeof",
    "delete",
    "optional-chain",
    "destructure-assign",
    "condition",
    "switch-discriminant",
    "switch-case-test",
    "loop-head",
    "declaration",
    "super-assign",
    "private-in",
    "class-expression",
    "tagged-template",
  ].map((form) => [`yield-in-${form}`, `yield inside ${form}`]),
  ...["binary", "call", "member-assign", "template", "object", "array", "conditional", "logical", "super-assign", "private-in", "class-expression", "tagged-template", "dynamic-import"].map((form) => [
    `await-in-${form}`,
    `await inside ${form}`,
    false,
  ]),
  // classes (programs marked es2015: class syntax outside coroutines)
  ["class-host", "class declared outside coroutines (es2015 program)"],
  ["field-async-arrow", "async arrow as an instance field", false],
  ["static-field-async-arrow", "async arrow as a static field", false],
  ["private-field-async-arrow", "async arrow as a private field", false],
  ["static-block-async-arrow", "async arrow made in a static block", false],
  ["class-generator-method", "generator method of a class"],
  ["class-async-method", "async method of a class", false],
  ["static-code-sees-methods", "static field and block reading, calling and replacing a generator method"],
  ["derived-constructor-super-in-async-arrow", "super(await x) in an async arrow of a derived constructor", false],
  ["super-call", "super.m(...) in a lowered method or arrow"],
  ["super-read", "super.x / super[k] read"],
  ["super-assign", "super.x = v"],
  ["super-compound-assign", "super.x op= v"],
  ["super-logical-assign", "super.x &&= / ||= / ??= v"],
  ["super-update", "super.x++ / --super[k]"],
  ["super-destructure", "super.x as a destructuring target"],
  ["private-in", "#field in value"],
  ["literal-accessor", "getter/setter in an object literal"],
  ["literal-method", "method in an object literal"],
  ["literal-super-method", "method using super in an object literal"],
  ["class-expression", "class expression inside a coroutine (computed keys, extends)"],
  ["tagged-template", "tagged template"],
  ["dynamic-import", "import() of a data: URL", false],
  // drivers
  ["drive-next", "driver: next(v)"],
  ["drive-throw", "driver: throw(e)"],
  ["drive-return", "driver: return(v)"],
  ["drive-array-from", "driver: Array.from(gen)"],
  ["drive-drain", "driver: next() until done"],
  ["drive-deferred", "driver: steps in a promise job or timer"],
  ["drive-meta", "driver: name, length, toString tag"],
  ["drive-call-this", "driver: gen.call(receiver)"],
  ["drive-ticks", "driver: interleaved promise ticks", false],
  ["drive-patched-array-iterator", "driver: Array.prototype[Symbol.iterator] replaced while it runs"],
  ["drive-async-queue", "driver: async generator requests queued at once", false],
  ["drive-async-chain", "driver: async generator requests chained", false],
].map(([name, description, sync = true]) => ({ name, description, sync }));

const FEATURE_NAMES = new Set(FEATURES.map((f) => f.name));

// ---------------------------------------------------------------------------
// ES5 helpers every program starts with.

export const HELPERS = `// helpers (ES5)
function show(e) {
  if (e instanceof ReferenceError && / before initialization$/.test(e.message)) return "TDZ: " + e.message;
  return e instanceof Error ? e.name : e;
}
function nm(v) { return typeof v === "function" ? "fn " + v.name : v; }
// The TypeErrors of a failed iteration, message included: only the statements that iterate what is
// not iterable, or an iterator with a method that is not callable, show them (the runtime gives V8's
// messages there), and nothing else in those statements can throw a TypeError.
function showIt(e) { return e instanceof TypeError ? "TypeError: " + e.message : show(e); }
function mkBad(tag, key, value) { var it = mkIter(tag, 2, 2); it[key] = value; return it; }
function DR(tag, mode) {
  var r = {};
  r[mode & 1 ? Symbol.asyncDispose : Symbol.dispose] = function () {
    log("dispose", tag);
    if (mode & 2) throw new Error("dispose " + tag);
    if (mode & 1) return Promise.resolve().then(function () { log("disposed", tag); });
  };
  return r;
}
function thr(tag) { log("thr", tag); throw new Error(tag); }
function mkHoles(tag, n, mode) {
  var it = mkIter(tag, n, mode);
  var next = it.next;
  it.next = function (v) { var r = next(v); if (!r.done) r.value = undefined; return r; };
  return it;
}
var arrayValues = Array.prototype[Symbol.iterator];
function patchArrays(tag) {
  Array.prototype[Symbol.iterator] = function () { log("array iterator", tag, this.length); return arrayValues.call(this); };
}
function unpatchArrays() { Array.prototype[Symbol.iterator] = arrayValues; }
function t(tag, v) { log("t", tag, v); return v; }
function f2(a, b) { log("f2", a, b, arguments.length); return [a, b]; }
var H = { k: "H", m: function (x) { log("H.m", this === H, x); return x; } };
function P(a, b) { this.a = a; this.b = b; }
// mode & 1: a throw method, & 2: a return method, & 4: both read through logging getters (each
// read shows: a request reads the method once, as GetMethod does), & 8: reading next throws (as
// GetIterator reads it: the error belongs where the iteration starts).
function methods(it, kind, tag, mode, th, re) {
  if (mode & 8) Object.defineProperty(it, "next", { get: function () { log(kind, tag, "get next"); throw new Error(kind + " " + tag + " next getter"); } });
  if (mode & 4) {
    Object.defineProperty(it, "throw", { get: function () { log(kind, tag, "get throw"); return mode & 1 ? th : undefined; } });
    Object.defineProperty(it, "return", { get: function () { log(kind, tag, "get return"); return mode & 2 ? re : undefined; } });
    return;
  }
  if (mode & 1) it["throw"] = th;
  if (mode & 2) it["return"] = re;
}
// mode & 16: next() gives results whose done and value are logging getters (which of them a
// step reads, and in which order, shows: a hole in an array pattern reads no value).
function result(tag, mode, value, done) {
  if (!(mode & 16)) return { value: value, done: done };
  var r = {};
  Object.defineProperty(r, "done", { enumerable: true, get: function () { log("it", tag, "get done"); return done; } });
  Object.defineProperty(r, "value", { enumerable: true, get: function () { log("it", tag, "get value"); return value; } });
  return r;
}
function mkIter(tag, n, mode) {
  var i = 0;
  var it = {};
  it.next = function (v) { log("it", tag, "next", v); i++; return i > n ? result(tag, mode, "end-" + tag, true) : result(tag, mode, tag + i, false); };
  var th = function (e) { log("it", tag, "throw", show(e)); i++; return i > n ? { value: "thrown-" + tag, done: true } : { value: tag + "t" + i, done: false }; };
  var re = function (v) { log("it", tag, "return", v); return { value: v, done: true }; };
  methods(it, "it", tag, mode, th, re);
  it[Symbol.iterator] = function () { log("it", tag, "iterator"); return it; };
  return it;
}
function mkAsyncIter(tag, n, mode) {
  var i = 0;
  var it = {};
  it.next = function (v) { log("ait", tag, "next", v); i++; return Promise.resolve(i > n ? { value: "end-" + tag, done: true } : { value: tag + i, done: false }); };
  var th = function (e) { log("ait", tag, "throw", show(e)); return Promise.resolve({ value: "thrown-" + tag, done: true }); };
  var re = function (v) { log("ait", tag, "return", v); return Promise.resolve({ value: v, done: true }); };
  methods(it, "ait", tag, mode, th, re);
  it[Symbol.asyncIterator] = function () { log("ait", tag, "iterator"); return it; };
  return it;
}
function thenable(tag, v) { return { then: function (ok) { log("then", tag); ok(v); } }; }
function later(v) { return new Promise(function (ok) { setTimeout(function () { ok(v); }, 0); }); }
function S(tag, g, op, v) {
  try { log(tag, op, v, g[op](v)); } catch (e) { log(tag, op, v, "threw", show(e)); }
}
function drain(tag, g, max) {
  for (var i = 0; i < max; i++) {
    var r;
    try { r = g.next(i); } catch (e) { log(tag, "drain threw", show(e)); return; }
    log(tag, "drain", r);
    if (r.done) return;
  }
}
function R(tag, p) {
  p.then(function (v) { log(tag, "resolved", v); }, function (e) { log(tag, "rejected", show(e)); });
  return p;
}
function SA(tag, g, op, v) {
  var p;
  try { p = g[op](v); } catch (e) { log(tag, op, v, "threw", show(e)); return; }
  R(tag + " " + op + " " + v, p);
}
function chainA(tag, g, ops) {
  var i = 0;
  function step() {
    if (i >= ops.length) return;
    var op = ops[i++];
    var p;
    try { p = g[op[0]](op[1]); } catch (e) { log(tag, "threw", show(e)); return; }
    p.then(function (r) { log(tag, op[0], op[1], r); step(); }, function (e) { log(tag, op[0], op[1], "rejected", show(e)); step(); });
  }
  step();
}
var TG = [];
function tg(s) {
  var i = TG.indexOf(s);
  if (i < 0) { i = TG.length; TG.push(s); }
  log("tg", i, s.length, s.raw.length, Object.isFrozen(s), Array.prototype.slice.call(arguments, 1));
  return i;
}
// A function made into a string is its source text, which lowering for ES5 rewrites (README,
// Limits): every function's text is the same here, wherever it goes (a key, a template, a `+`, the
// length of a spread string).
Object.defineProperty(Function.prototype, "toString", { value: function toString() { return "function () { [source] }"; }, writable: true, configurable: true });
// Keys made from functions, also shown as "<source>".
function SK(k) { return /[{}]|=>/.test(k) ? "<source>" : k; }
// The keys of an object and the names of the functions under them (a name from a key made from a
// function is that source text too).
function NK(o) {
  var keys = Object.keys(o), out = [];
  for (var i = 0; i < keys.length; i++) out.push(SK(keys[i]), typeof o[keys[i]] === "function" ? SK(o[keys[i]].name) : typeof o[keys[i]]);
  return out;
}
function U(tag, o) {
  var keys = Object.keys(o);
  for (var i = 0; i < keys.length; i++) {
    var d = Object.getOwnPropertyDescriptor(o, keys[i]);
    if (d.get || d.set) {
      if (d.set) o[keys[i]] = i;
      log(tag, SK(keys[i]), d.get ? o[keys[i]] : "set only");
    } else log(tag, SK(keys[i]), typeof d.value === "function" ? [nm(d.value), d.value.call(o, i)] : d.value);
  }
  return o;
}
// A plain function a literal's later member may put under a generator method's key.
function PF(p) { return ["PF", p]; }
function CK(C) { return [Object.getOwnPropertyNames(C.prototype).map(SK), Object.getOwnPropertyNames(C).filter(function (k) { return k !== "length" && k !== "name" && k !== "prototype"; }).map(SK)]; }
// Modules to import(): a fresh URL for every run (the loader caches modules per process, and a
// cached one resolves in fewer ticks than a first load, which would reorder the transcript).
var DATA = "data:text/javascript,//" + Math.random() + "%0Aexport default ";
function tick(tag, n) {
  var p = Promise.resolve();
  for (var i = 0; i < n; i++) (function (i) { p = p.then(function () { log("tick", tag, i); }); })(i);
}
`;

// ---------------------------------------------------------------------------
// Scopes: what a builder may refer to.

class Scope {
  constructor(parent) {
    this.parent = parent;
    this.vars = [];
  }
  add(name, info = {}) {
    this.vars.push({ name, mutable: false, ...info });
  }
  /** Visible bindings, innermost first, one per name. */
  all() {
    const seen = new Set();
    const out = [];
    for (let s = this; s; s = s.parent) {
      for (let i = s.vars.length - 1; i >= 0; i--) {
        const v = s.vars[i];
        if (seen.has(v.name)) continue;
        seen.add(v.name);
        out.push(v);
      }
    }
    return out;
  }
}

const SIZES = {
  // coroutines per program, statements per body, statement depth, expression depth
  normal: { coroutines: [2, 5], statements: [2, 5], stmtDepth: 3, exprDepth: 3 },
  small: { coroutines: [2, 3], statements: [2, 4], stmtDepth: 2, exprDepth: 2 },
};

const STRINGS = ['"a"', '"b"', '""', '"xy"', '"1"'];
const NUMBERS = ["0", "1", "2", "3", "10", "(-1)", "(-0)", "0.5", "NaN"];
const COST_BUDGET = 40;
const KEYS = ['"a"', '"b"', '"c"', '"z"', "1"];
const BINARY = ["+", "-", "*", "<", "<=", "===", "!==", "==", "&", "|", "%", "**"];

class ProgramBuilder {
  constructor(seed, options) {
    this.seed = seed;
    this.rng = new Rng(seed);
    this.sync = options.features === "sync";
    this.size = SIZES[options.size || "normal"];
    this.features = Object.create(null);
    this.counter = 0;
    this.yields = 0; // suspensions emitted so far, to see which forms contain one
    this.awaits = 0;
    this.coroutines = []; // { name, kind, arity, cost, member? }
    this.extraDrivers = []; // driver tasks of class hosts
    this.es5 = options.es5 === true; // no class hosts: ES5 outside coroutines
    this.es2015 = false; // set by program(): this program declares classes outside coroutines
    this.cost = 0; // of the coroutine being built
  }

  use(name) {
    if (!FEATURE_NAMES.has(name)) throw new Error(`generate.mjs: unknown feature ${name}`);
    this.features[name] = (this.features[name] || 0) + 1;
  }
  fresh(prefix) {
    return `${prefix}${++this.counter}`;
  }
  tag(prefix = "") {
    return `"${prefix}${++this.counter}"`;
  }

  /** Builds an expression form and records whether a yield/await ended up inside it. */
  form(name, build, containerName = name) {
    const y = this.yields;
    const a = this.awaits;
    const code = build();
    if (name) this.use(name);
    if (this.yields > y && FEATURE_NAMES.has(`yield-in-${containerName}`)) this.use(`yield-in-${containerName}`);
    if (this.awaits > a && FEATURE_NAMES.has(`await-in-${containerName}`)) this.use(`await-in-${containerName}`);
    return code;
  }

  // -------------------------------------------------------------------------
  // Contexts

  functionCtx(parent, kind, scope) {
    return {
      kind, // "gen" | "async" | "asyncgen" | "arrow"
      yieldOK: kind === "gen" || kind === "asyncgen",
      awaitOK: kind === "async" || kind === "asyncgen",
      scope,
      co: parent ? parent.co : this.coroutines.length,
      loops: 0,
      breakOK: false,
      labels: [],
      argumentsOK: kind !== "arrow" || (parent && parent.argumentsOK),
      // `super` as in a class's instance or static methods ("instance" | "static" | null): an
      // arrow sees its surroundings'; a private name (`#pf`) is visible anywhere in the class body.
      superKind: kind === "arrow" && parent ? parent.superKind : null,
      privateName: parent ? parent.privateName : null,
      // how many times this code may run per call of the coroutine (loops, nested functions)
      mult: parent ? parent.mult * (kind === "gen" ? 2 : 1) : 1,
    };
  }
  child(ctx, extra = {}) {
    return { ...ctx, scope: new Scope(ctx.scope), ...extra };
  }

  /**
   * Coroutines defined before this one that it may still call: a call costs the callee's
   * cost times the enclosing loops' bound, and a coroutine's total stays under COST_BUDGET,
   * so that programs stay small (calls fan out: g3 calls g2 calls g1 …).
   */
  earlier(ctx, kind) {
    return this.coroutines
      .slice(0, ctx.co)
      .filter((c) => c.kind === kind && this.cost + c.cost * ctx.mult <= COST_BUDGET);
  }
  /** Picks one of `list` (from earlier()) and charges its cost. */
  take(ctx, list) {
    const c = this.rng.pick(list);
    this.cost += c.cost * ctx.mult;
    return c;
  }
  localGenerators(ctx) {
    return ctx.scope.all().filter((v) => v.generator);
  }
  readable(ctx) {
    return ctx.scope.all().filter((v) => !v.generator && !v.hidden);
  }
  mutable(ctx) {
    return ctx.scope.all().filter((v) => v.mutable);
  }

  // -------------------------------------------------------------------------
  // Expressions

  literal() {
    return this.rng.weighted([
      [4, () => this.rng.pick(NUMBERS)],
      [3, () => this.rng.pick(STRINGS)],
      [1, () => this.rng.pick(["true", "false", "null", "undefined"])],
    ])();
  }

  /** A small expression; where the context allows, often a suspension. */
  leaf(ctx) {
    const r = this.rng;
    if (ctx.yieldOK && r.chance(0.3)) {
      this.yields++;
      if (r.chance(0.15)) {
        this.use("yield-no-argument");
        this.use("yield");
        return "(yield)";
      }
      this.use("yield");
      return `(yield ${this.simple(ctx)})`;
    }
    if (ctx.awaitOK && r.chance(0.3)) return this.awaitExpr(ctx, 0);
    return this.simple(ctx);
  }

  /** A small expression without suspensions. */
  simple(ctx) {
    const r = this.rng;
    const vars = this.readable(ctx);
    return r.weighted([
      [4, () => this.literal()],
      [vars.length ? 5 : 0, () => r.pick(vars).name],
      [1, () => r.pick(["o.a", "o.b", "o.z", "o.arr.length", 'o["c"]'])],
      [ctx.argumentsOK ? 0.6 : 0, () => (this.use("arguments"), r.pick(["arguments.length", "arguments[0]"]))],
      [1, () => `t(${this.tag("k")}, ${this.literal()})`],
    ])();
  }

  expr(ctx, d) {
    const r = this.rng;
    if (d <= 0 || r.chance(0.2)) return this.leaf(ctx);
    const mutable = this.mutable(ctx);
    const vars = this.readable(ctx);
    const sub = () => this.expr(ctx, d - 1);
    const choice = r.weighted([
      [ctx.yieldOK ? 5 : 0, "yield"],
      [ctx.yieldOK ? 2.5 : 0, "yield*"],
      [ctx.awaitOK ? 5 : 0, "await"],
      [3, "binary"],
      [1.5, "logical"],
      [1.2, "nullish"],
      [1.5, "conditional"],
      [2, "call"],
      [1.2, "spread-call"],
      [1, "member-call"],
      [0.8, "new"],
      [1.5, "array"],
      [1.5, "object"],
      [1.5, "template"],
      [mutable.length ? 1.2 : 0, "assign"],
      [mutable.length ? 1 : 0, "compound-assign"],
      [mutable.length ? 1 : 0, "logical-assign"],
      [1.2, "member-assign"],
      [1, "member-compound-assign"],
      [1, "member-logical-assign"],
      [mutable.length ? 0.5 : 0, "update"],
      [1, "sequence"],
      [0.6, "typeof"],
      [0.3, "keyed-coroutine-name"],
      [0.6, "delete"],
      [0.4, "void"],
      [0.8, "unary"],
      [0.6, "in"],
      [1.2, "optional-chain"],
      [0.6, "optional-call"],
      [0.8, "iife-arrow"],
      [this.earlier(ctx, "gen").length ? 0.6 : 0, "generator-call-next"],
      [!this.sync && this.earlier(ctx, "async").length ? 0.3 : 0, "report-async"],
      [ctx.superKind ? 4 : 0, "super"],
      [ctx.privateName ? 0.8 : 0, "private-in"],
      [0.4, "class-expression"],
      [0.6, "tagged-template"],
      [ctx.awaitOK && !this.sync ? 0.4 : 0, "dynamic-import"],
    ]);
    switch (choice) {
      case "yield":
        return this.form(null, () => {
          this.yields++;
          this.use("yield");
          if (r.chance(0.1)) {
            this.use("yield-no-argument");
            return "(yield)";
          }
          return `(yield ${sub()})`;
        });
      case "yield*":
        return this.yieldStar(ctx, d);
      case "await":
        return this.awaitExpr(ctx, d);
      case "binary":
        return this.form("binary", () => {
          const op = r.pick(BINARY);
          if (op === "**") this.use("exponent");
          return `(${sub()} ${op} ${sub()})`;
        });
      case "logical":
        return this.form("logical", () => `(${sub()} ${r.pick(["&&", "||"])} ${sub()})`);
      case "nullish":
        return this.form("nullish", () => `(${r.chance(0.5) ? sub() : r.pick(["null", "undefined", "o.u"])} ?? ${sub()})`);
      case "conditional":
        return this.form("conditional", () => `(${sub()} ? ${sub()} : ${sub()})`);
      case "call":
        return this.form("call", () =>
          r.chance(0.5) ? `t(${this.tag("c")}, ${sub()})` : `f2(${sub()}, ${sub()})`,
        );
      case "spread-call":
        return this.form("spread-call", () => {
          const args = [];
          if (r.chance(0.5)) args.push(sub());
          args.push(`...${this.iterable(ctx, d - 1, { spread: true })}`);
          if (r.chance(0.3)) args.push(sub());
          const callee = r.pick(["f2", "f2", "H.m", "t"]);
          if (callee === "H.m") this.use("member-call");
          return `${callee}(${args.join(", ")})`;
        });
      case "member-call":
        return this.form("member-call", () =>
          r.chance(0.7) ? `H.m(${sub()})` : `${this.arrayLiteral(ctx, d - 1)}.concat(${sub()})`,
        );
      case "new":
        return this.form("new", () => `new P(${sub()}, ${sub()})`);
      case "array":
        return this.arrayLiteral(ctx, d);
      case "object":
        return this.objectLiteral(ctx, d);
      case "template":
        return this.form("template", () => {
          const n = r.range(1, 3);
          let s = "`" + r.pick(["", "a", "x-"]);
          for (let i = 0; i < n; i++) s += "${" + sub() + "}" + r.pick(["", "b", " "]);
          return s + "`";
        });
      case "assign":
        return this.form("assign", () => `(${r.pick(mutable).name} = ${sub()})`);
      case "compound-assign":
        return this.form("compound-assign", () => `(${r.pick(mutable).name} ${r.pick(["+=", "-=", "*=", "|=", "**="])} ${sub()})`);
      case "logical-assign":
        return this.form("logical-assign", () => `(${r.pick(mutable).name} ${r.pick(["||=", "&&=", "??="])} ${sub()})`);
      case "member-assign":
        return this.form("member-assign", () => `(${this.memberTarget(ctx, d)} = ${sub()})`);
      case "member-compound-assign":
        return this.form("member-compound-assign", () => `(${this.memberTarget(ctx, d)} ${r.pick(["+=", "-=", "*="])} ${sub()})`);
      case "member-logical-assign":
        return this.form("member-logical-assign", () => `(${this.memberTarget(ctx, d)} ${r.pick(["||=", "&&=", "??="])} ${sub()})`);
      case "update":
        return this.form("update", () => {
          const target = r.chance(0.6) ? r.pick(mutable).name : "o.z";
          const op = r.pick(["++", "--"]);
          return r.chance(0.5) ? `(${target}${op})` : `(${op}${target})`;
        });
      case "sequence":
        return this.form("sequence", () => `(${sub()}, ${sub()})`);
      case "keyed-coroutine-name":
        // Named by the key as evaluated (a number by its canonical text); NK reads the names back.
        return this.form("keyed-coroutine-name", () => {
          const fn = () => r.pick(this.sync ? ["function* () {}", "function* () { yield 1; }"] : ["async () => 1", "function* () {}", "async function () {}", "async function* () {}"]);
          const numeric = r.pick(["7", "0x10", "1e3", "1.50", "'s k'"]);
          return `NK({ [${sub()}]: ${fn()}, ${numeric}: ${fn()} })`;
        });
      case "typeof":
        return this.form("typeof", () => `(typeof ${r.chance(0.3) && vars.length ? r.pick(vars).name : sub()})`);
      case "delete":
        return this.form("delete", () => `(delete o[${r.chance(0.5) ? r.pick(KEYS) : sub()}])`);
      case "void":
        return this.form("void", () => `(void ${sub()})`);
      case "unary":
        return this.form("unary", () => `(${r.pick(["-", "!", "+", "~"])}${sub()})`);
      case "in":
        return this.form(
          "in",
          () => (r.chance(0.7) ? `(${r.chance(0.5) ? r.pick(KEYS) : sub()} in o)` : `(${sub()} instanceof P)`),
          "binary",
        );
      case "optional-chain":
        return this.form("optional-chain", () =>
          r.pick([
            () => `o.u?.a`,
            () => `o?.[${sub()}]`,
            () => `o.u?.[${sub()}]`,
            () => `${this.objectLiteral(ctx, d - 1)}?.a`,
            () => `(${r.chance(0.5) ? "o" : "o.u"})?.b`,
          ])(),
        );
      case "optional-call":
        return this.form(
          "optional-call",
          () => r.pick([() => `H.m?.(${sub()})`, () => `o.u?.m(${sub()})`, () => `o.missing?.(${sub()})`])(),
          "optional-chain",
        );
      case "iife-arrow":
        return this.form("iife-arrow", () => this.arrowCall(ctx, d));
      case "generator-call-next": {
        const g = this.take(ctx, this.earlier(ctx, "gen"));
        this.use("generator-call-next");
        return `${g.name}(${sub()}).next(${sub()})`;
      }
      case "report-async": {
        const a = this.take(ctx, this.earlier(ctx, "async"));
        return `R(${this.tag("p")}, ${a.name}(${sub()}))`;
      }
      case "super":
        return this.superExpr(ctx, d);
      case "private-in":
        // `#pf in value`: only the value is evaluated (it may suspend); a primitive throws a TypeError.
        return this.form("private-in", () => `(${ctx.privateName} in (${this.leaf(ctx)}, ${r.pick(["this", "o", "H", "o.arr"])}))`);
      case "class-expression":
        // `yield`/`await` in the heritage and computed keys; field initializers cannot suspend.
        return this.form("class-expression", () => {
          const members = [];
          const n = r.range(1, 3);
          for (let i = 0; i < n; i++) {
            members.push(
              r.pick([
                () => `[${this.leaf(ctx)}]() { return ${this.tag("cm")}; }`,
                () => `static [${this.leaf(ctx)}] = ${this.literal()};`,
                () => `get [${this.leaf(ctx)}]() { return 1; }`,
                () => `[${this.leaf(ctx)}] = ${this.literal()};`,
              ])(),
            );
          }
          const heritage = r.chance(0.5) ? ` extends (${this.leaf(ctx)}, P)` : "";
          return `CK(class${heritage} { ${members.join(" ")} })`;
        });
      case "tagged-template":
        // tg logs which template object it got: the same one each time a site runs.
        return this.form("tagged-template", () => {
          const n = r.range(1, 3);
          let text = "tg`" + r.pick(["", "a", "\\n"]);
          for (let i = 0; i < n; i++) text += "${" + sub() + "}" + r.pick(["", "b", " "]);
          return text + "`";
        });
      case "dynamic-import":
        // A data: URL whose module exports the (stringified) value: the specifier awaits.
        return this.form("dynamic-import", () => {
          const value = r.chance(0.7) ? this.awaitExpr(ctx, 0) : this.simple(ctx);
          return `(await import(DATA + encodeURIComponent(JSON.stringify(String(${value})))))["default"]`;
        });
    }
    throw new Error(`generate.mjs: no builder for ${choice}`);
  }

  /** `super` in every position: calls, reads, writes, compound/logical operators, updates. */
  superExpr(ctx, d) {
    const r = this.rng;
    const sub = () => this.expr(ctx, d - 1);
    const statics = ctx.superKind === "static";
    const method = statics ? "sm" : "bm";
    const props = statics ? ["sn", "ss", "su", "sz"] : ["n", "s", "u", "z"];
    const place = () =>
      r.weighted([
        [4, () => `super.${r.pick(props)}`],
        [1, () => `super["${r.pick(props)}"]`],
        [1, () => `super[t(${this.tag("sk")}, "${r.pick(props)}")]`],
        [0.6, () => `super[${this.leaf(ctx)} ? "${props[0]}" : "${props[1]}"]`],
        [statics ? 0 : 1, () => "super.gv"],
      ])();
    return r.weighted([
      [2, () => this.form("super-call", () => `super.${method}(${sub()})`)],
      [2, () => this.form("super-read", () => place())],
      [1.5, () => this.form("super-assign", () => `(${place()} = ${sub()})`, "super-assign")],
      [1.5, () => this.form("super-compound-assign", () => `(${place()} ${r.pick(["+=", "-=", "*=", "**=", "|=", "%=", "<<="])} ${sub()})`, "super-assign")],
      [1.5, () => this.form("super-logical-assign", () => `(${place()} ${r.pick(["&&=", "||=", "??="])} ${sub()})`, "super-assign")],
      [1, () => this.form("super-update", () => (r.chance(0.5) ? `(${place()}${r.pick(["++", "--"])})` : `(${r.pick(["++", "--"])}${place()})`), "super-assign")],
    ])();
  }

  /**
   * `([a, b] = …)` or `({ a: a, b: b = … } = …)`, only as a statement of its own: Babel
   * prints `f([a?.b], ([x] = y))` without the parentheses, and Node 20's V8 rejects that
   * ("Invalid destructuring assignment target"), a parser bug that is not the plugin's.
   */
  destructureAssign(ctx, d) {
    const r = this.rng;
    const mutable = this.mutable(ctx);
    const sub = () => this.expr(ctx, d - 1);
    return this.form("destructure-assign", () => {
      const [a, b] = r.shuffle(mutable);
      if (r.chance(0.5)) {
        const rest = r.chance(0.3) ? ", ...o.rest" : "";
        if (rest) this.use("destructure-rest");
        return `([${a.name}, ${b.name}${rest}] = ${this.iterable(ctx, d - 1, { forPattern: true })})`;
      }
      return `({ a: ${a.name}, b: ${b.name} = ${sub()} } = ${this.objectLiteral(ctx, d - 1)})`;
    });
  }

  memberTarget(ctx, d) {
    const r = this.rng;
    const mutable = this.mutable(ctx);
    if (ctx.argumentsOK && r.chance(0.08)) {
      // sloppy functions with simple parameters map arguments[i] to the parameter
      this.use("arguments-write");
      return `arguments[${r.pick(["0", "1"])}]`;
    }
    if (mutable.length && r.chance(0.2)) {
      // A variable as the object: the key may assign to it, and the object must be the
      // one read before the key (and before a suspension inside it).
      const v = r.pick(mutable).name;
      return r.chance(0.5) ? `${v}[${this.expr(ctx, d - 1)}]` : `${v}[(${v} = ${this.objectLiteral(ctx, 0)}, ${this.leaf(ctx)})]`;
    }
    return r.pick([
      () => `o.${r.pick(["a", "b", "c", "z"])}`,
      () => `o[${r.pick(KEYS)}]`,
      () => `o[${this.expr(ctx, d - 1)}]`,
      () => `o[t(${this.tag("key")}, ${r.pick(KEYS)})]`,
      // a call around a suspension: the key must be evaluated once, after it
      () => `o[t(${this.tag("key")}, ${this.leaf(ctx)})]`,
    ])();
  }

  arrayLiteral(ctx, d) {
    const r = this.rng;
    return this.form("array", () => {
      const items = [];
      const n = r.range(0, 3);
      for (let i = 0; i < n; i++) {
        const x = r.float();
        if (x < 0.15) {
          this.use("array-hole");
          items.push("");
        } else if (x < 0.35) {
          this.form("array-spread", () => items.push(`...${this.iterable(ctx, d - 1, { spread: true })}`));
        } else items.push(this.expr(ctx, d - 1));
      }
      // a trailing hole needs two commas
      if (items.length && items[items.length - 1] === "") items.push("0");
      return `[${items.join(", ")}]`;
    });
  }

  objectLiteral(ctx, d) {
    const r = this.rng;
    return this.form("object", () => {
      const props = [];
      let methods = false;
      let proto = false;
      const n = r.range(0, 3);
      const vars = this.readable(ctx).filter((v) => !v.internal);
      for (let i = 0; i < n; i++) {
        const x = r.float();
        if (x < 0.3) {
          props.push(this.form("computed-key", () => `[${this.expr(ctx, d - 1)}]: ${this.expr(ctx, d - 1)}`));
        } else if (x < 0.5) {
          props.push(this.form("object-spread", () => `...${this.expr(ctx, d - 1)}`));
        } else if (x < 0.65 && vars.length) {
          const v = r.pick(vars);
          if (!props.includes(v.name)) {
            this.use("shorthand");
            props.push(v.name);
          }
        } else if (x < 0.72) {
          // Methods and accessors (among suspending values too); U calls and reads them.
          const key = r.chance(0.3) ? `[${this.expr(ctx, d - 1)}]` : r.pick(["gk", "m", "b", '"q-2"']);
          props.push(
            r.weighted([
              // (reading no property of `this`: a getter under that key would read itself)
              [1, () => (this.use("literal-accessor"), `get ${key}() { return [${this.tag("get")}, typeof this]; }`)],
              [1, () => (this.use("literal-accessor"), `set ${key}(v) { log(${this.tag("set")}, v); }`)],
              [1, () => (this.use("literal-method"), `${key}(x) { return [${this.tag("lm")}, x, this.a]; }`)],
              [1, () => (this.use("literal-super-method"), (proto = true), `${key}(x) { return super.m(x); }`)],
            ])(),
          );
          methods = true;
        } else {
          props.push(`${r.pick(["a", "b", "k", '"q-1"', "2"])}: ${this.expr(ctx, d - 1)}`);
        }
      }
      // super in a literal's method reaches its prototype: H (whose m logs the receiver).
      if (proto) props.unshift("__proto__: H");
      return methods ? `U(${this.tag("U")}, { ${props.join(", ")} })` : `({ ${props.join(", ")} })`;
    });
  }

  /** An arrow (no suspensions inside), called on the spot or handed to a helper. */
  arrowCall(ctx, d) {
    const r = this.rng;
    const inner = this.functionCtx(ctx, "arrow", new Scope(ctx.scope));
    this.use("arrow");
    const p = this.fresh("q");
    inner.scope.add(p, { mutable: true });
    if (r.chance(0.3)) {
      this.use("arrow-block-body");
      const body = this.block(inner, r.range(1, 2), 1);
      return `((${p}) => { ${body.join(" ")} return ${this.expr(inner, 1)}; })(${this.expr(ctx, d - 1)})`;
    }
    return `((${p}) => ${this.expr(inner, d - 1)})(${this.expr(ctx, d - 1)})`;
  }

  /** Something `yield*`, spread, for-of and array patterns can iterate (a sync iterable). */
  iterable(ctx, d, { spread = false, forPattern = false, forOf = false } = {}) {
    const r = this.rng;
    const gens = this.earlier(ctx, "gen");
    const locals = this.localGenerators(ctx);
    const kind = r.weighted([
      [3, "array"],
      [1, "string"],
      [gens.length ? 2.5 : 0, "generator"],
      [locals.length ? 2 : 0, "local"],
      [2, "iterator"],
      [0.5, "o.arr"],
    ]);
    switch (kind) {
      case "array":
        if (forPattern) return `[${this.expr(ctx, d)}, ${this.expr(ctx, d)}, ${this.expr(ctx, d)}]`;
        return this.arrayLiteral(ctx, d + 1);
      case "string":
        return r.pick(['"ab"', '"xyz"', '""']);
      case "generator": {
        const g = this.take(ctx, gens);
        if (forOf) this.use("for-of-generator");
        return `${g.name}(${this.callArgs(ctx, d)})`;
      }
      case "local": {
        const g = r.pick(locals);
        if (forOf) this.use("for-of-generator");
        return `${g.name}(${this.callArgs(ctx, d)})`;
      }
      case "iterator":
        if (forOf) this.use("for-of-iterator");
        return `mkIter(${this.tag("i")}, ${r.range(0, 3)}, ${this.iteratorMode()})`;
      default:
        return "o.arr";
    }
  }

  callArgs(ctx, d) {
    const n = this.rng.range(0, 2);
    const args = [];
    for (let i = 0; i < n; i++) args.push(this.expr(ctx, d - 1));
    return args.join(", ");
  }

  yieldStar(ctx, d) {
    const r = this.rng;
    return this.form(null, () => {
      this.yields++;
      this.use("yield");
      if (ctx.kind === "asyncgen" && r.chance(0.5)) {
        this.use("yield*-async");
        return `(yield* ${this.asyncIterable(ctx, d - 1)})`;
      }
      const gens = this.earlier(ctx, "gen");
      const locals = this.localGenerators(ctx);
      const kind = r.weighted([
        [2, "array"],
        [1, "string"],
        [gens.length ? 3 : 0, "generator"],
        [locals.length ? 2 : 0, "local"],
        [3, "iterator"],
      ]);
      switch (kind) {
        case "array":
          this.use("yield*-array");
          return `(yield* ${this.arrayLiteral(ctx, d - 1)})`;
        case "string":
          this.use("yield*-string");
          return `(yield* ${r.pick(['"ab"', '"xyz"'])})`;
        case "generator":
          this.use("yield*-generator");
          return `(yield* ${this.take(ctx, gens).name}(${this.callArgs(ctx, d - 1)}))`;
        case "local":
          this.use("yield*-generator");
          return `(yield* ${r.pick(locals).name}(${this.callArgs(ctx, d - 1)}))`;
        default: {
          // Not results with getters (& 16) here: a chain of yield* between Stepwise generators
          // hands an inner result object up without each level reading its `done` again, which
          // natively every level does (a known divergence, only visible through such getters).
          const mode = this.iteratorMode() & ~16;
          this.use((mode & 3) === 3 ? "yield*-iterator" : (mode & 1) === 0 ? "yield*-iterator-no-throw" : "yield*-iterator-no-return");
          return `(yield* mkIter(${this.tag("i")}, ${r.range(0, 3)}, ${mode}))`;
        }
      }
    });
  }

  /** mkIter's and mkAsyncIter's mode: which of throw/return it has, and whether they are getters. */
  iteratorMode() {
    let mode = this.rng.int(8);
    if (mode & 4) this.use("iterator-accessors");
    if (this.rng.int(12) === 0) {
      mode |= 8;
      this.use("iterator-next-getter-throws");
    }
    if (this.rng.int(6) === 0) {
      mode |= 16;
      this.use("iterator-result-accessors");
    }
    return mode;
  }

  asyncIterable(ctx, d) {
    const r = this.rng;
    const agens = this.earlier(ctx, "asyncgen");
    return r.weighted([
      [agens.length ? 3 : 0, () => `${this.take(ctx, agens).name}(${this.callArgs(ctx, d)})`],
      [2, () => `mkAsyncIter(${this.tag("a")}, ${r.range(0, 3)}, ${this.iteratorMode()})`],
      [1, () => `[${this.expr(ctx, d)}, Promise.resolve(${this.expr(ctx, d)})]`],
      [1, () => this.iterable(ctx, d)],
    ])();
  }

  awaitExpr(ctx, d) {
    const r = this.rng;
    const asyncs = this.earlier(ctx, "async");
    return this.form(null, () => {
      this.awaits++;
      this.use("await");
      const sub = () => (d > 0 ? this.expr(ctx, d - 1) : this.simple(ctx));
      return r.weighted([
        [2, () => `(await ${sub()})`],
        [2, () => (this.use("await-promise"), `(await Promise.resolve(${sub()}))`)],
        [1, () => (this.use("await-thenable"), `(await thenable(${this.tag("th")}, ${sub()}))`)],
        [asyncs.length ? 2 : 0, () => (this.use("await-async-call"), `(await ${this.take(ctx, asyncs).name}(${sub()}))`)],
        [0.4, () => (this.use("await-rejected"), `(await Promise.reject(${this.tag("rej")}))`)],
        [0.6, () => (this.use("await-timer"), `(await later(${sub()}))`)],
      ])();
    });
  }

  // -------------------------------------------------------------------------
  // Statements

  block(ctx, n, depth) {
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.statement(ctx, depth));
    return out;
  }

  condition(ctx) {
    return this.form(null, () => this.expr(ctx, 1), "condition");
  }

  statement(ctx, depth) {
    const r = this.rng;
    const compound = depth > 0 ? 1 : 0;
    const inCoroutine = ctx.kind !== "arrow";
    const choice = r.weighted([
      [4, "log"],
      [1.5, "expression"],
      [3, "declaration"],
      [1, "destructuring"],
      [compound * 2, "if"],
      [compound * 1.6, "for-let"],
      [compound * 1.4, "for-of"],
      [compound * 0.6, "for-in"],
      [compound * (ctx.awaitOK && !this.sync ? 1 : 0), "for-await"],
      [compound * 0.8, "while"],
      [compound * 0.6, "do-while"],
      [compound * 0.8, "labeled-loops"],
      [compound * 0.4, "labeled-block"],
      [compound * 1.2, "switch"],
      [compound * 2.2, "try"],
      [compound * 0.6, "shadowing-block"],
      [compound * (inCoroutine ? 0.25 : 0), "using"],
      [inCoroutine && compound ? 0.6 : 0, "nested-generator"],
      [inCoroutine ? 0.5 : 0, "nested-function"],
      [inCoroutine && ctx.yieldOK && compound ? 0.3 : 0, "generator-method"],
      [inCoroutine && !this.sync && compound ? 0.3 : 0, "async-arrow"],
      [0.6, "throw"],
      [inCoroutine ? 0.6 : 0, "return"],
      [ctx.breakOK ? 1 : 0, "break"],
      [ctx.loops > 0 ? 0.8 : 0, "continue"],
      [inCoroutine ? 0.5 : 0, "call-closures"],
      [inCoroutine ? 0.5 : 0, "tdz"],
      [this.mutable(ctx).length >= 2 ? 0.6 : 0, "destructure-assign"],
      [ctx.superKind ? 0.8 : 0, "super-destructure"],
      [inCoroutine && (ctx.yieldOK || ctx.awaitOK) ? 0.5 : 0, "bad-iteration"],
    ]);
    switch (choice) {
      case "log": {
        const n = r.range(1, 3);
        const args = [];
        for (let i = 0; i < n; i++) args.push(this.expr(ctx, this.size.exprDepth));
        return `log(${this.tag("s")}, ${args.join(", ")});`;
      }
      case "expression":
        return `${this.expr(ctx, this.size.exprDepth)};`;
      case "declaration":
        return this.declaration(ctx);
      case "destructuring":
        return this.destructuring(ctx);
      case "if": {
        this.use("if");
        const test = this.condition(ctx);
        const then = this.block(this.child(ctx), r.range(1, 3), depth - 1);
        if (r.chance(0.5)) {
          const other = this.block(this.child(ctx), r.range(1, 2), depth - 1);
          return `if (${test}) { ${then.join(" ")} } else { ${other.join(" ")} }`;
        }
        return `if (${test}) { ${then.join(" ")} }`;
      }
      case "for-let":
        return this.forLet(ctx, depth);
      case "for-of":
        return this.forOf(ctx, depth);
      case "bad-iteration":
        return this.badIteration(ctx);
      case "for-in": {
        this.use("for-in");
        const k = this.fresh("k");
        const body = this.child(ctx, { loops: ctx.loops + 1, breakOK: true, mult: ctx.mult * 3 });
        body.scope.add(k);
        const source = r.chance(0.5) ? "o" : this.objectLiteral(ctx, 1);
        return `for (const ${k} in ${source}) { log(${this.tag("in")}, ${k}); ${this.block(body, r.range(1, 2), depth - 1).join(" ")} }`;
      }
      case "for-await": {
        this.use("for-await");
        const x = this.fresh("x");
        const body = this.child(ctx, { loops: ctx.loops + 1, breakOK: true, mult: ctx.mult * 3 });
        body.scope.add(x);
        return `for await (const ${x} of ${this.asyncIterable(ctx, 1)}) { log(${this.tag("fa")}, ${x}); ${this.block(body, r.range(1, 2), depth - 1).join(" ")} }`;
      }
      case "while": {
        this.use("while");
        const w = this.fresh("w");
        const body = this.child(ctx, { loops: ctx.loops + 1, breakOK: true, mult: ctx.mult * 3 });
        const extra = r.chance(0.4) ? ` && ${this.form(null, () => this.expr(ctx, 1), "loop-head")}` : "";
        return `let ${w} = 0; while (${w}++ < ${r.range(1, 3)}${extra}) { ${this.block(body, r.range(1, 3), depth - 1).join(" ")} }`;
      }
      case "do-while": {
        this.use("do-while");
        const w = this.fresh("d");
        const body = this.child(ctx, { loops: ctx.loops + 1, breakOK: true, mult: ctx.mult * 3 });
        const extra = r.chance(0.4) ? ` && ${this.form(null, () => this.expr(ctx, 1), "loop-head")}` : "";
        return `let ${w} = 0; do { ${this.block(body, r.range(1, 3), depth - 1).join(" ")} } while (${w}++ < ${r.range(0, 2)}${extra});`;
      }
      case "labeled-loops":
        return this.labeledLoops(ctx, depth);
      case "labeled-block": {
        this.use("labeled-block");
        const label = this.fresh("B");
        const inner = this.child(ctx, { labels: [...ctx.labels, { name: label, loop: false }] });
        const before = this.block(inner, r.range(0, 2), depth - 1);
        const after = this.block(inner, r.range(1, 2), depth - 1);
        this.use("labeled-break");
        return `${label}: { ${before.join(" ")} if (${this.condition(ctx)}) break ${label}; ${after.join(" ")} }`;
      }
      case "switch":
        return this.switchStatement(ctx, depth);
      case "try":
        return this.tryStatement(ctx, depth);
      case "using":
        return this.usingBlock(ctx, depth);
      case "shadowing-block": {
        const outer = this.readable(ctx).filter((v) => !v.internal && !v.noShadow);
        const inner = this.child(ctx);
        let name;
        if (outer.length) {
          name = r.pick(outer).name;
          this.use("shadowing-block");
        } else name = this.fresh("v");
        // The new binding is in its TDZ while the initializer runs: hide the outer one.
        inner.scope.add(name, { hidden: true });
        const init = this.expr(inner, 2);
        inner.scope.add(name, { mutable: true });
        this.use("let");
        return `{ let ${name} = ${init}; ${this.block(inner, r.range(1, 3), depth - 1).join(" ")} log(${this.tag("sh")}, ${name}); }`;
      }
      case "nested-generator":
        return this.nestedGenerator(ctx, depth);
      case "nested-function": {
        // A declaration (hoisted to the top of its block), kept in `fns` and called at the end.
        this.use("nested-function");
        const name = this.fresh("fd");
        const inner = this.functionCtx(ctx, "arrow", new Scope(ctx.scope));
        inner.argumentsOK = true;
        inner.superKind = null; // a function declaration has no `super` of its own
        const p = this.fresh("q");
        inner.scope.add(p, { mutable: true });
        return `function ${name}(${p}) { return [${this.tag("fd")}, ${this.expr(inner, 1)}]; } fns.push(${name});`;
      }
      case "generator-method": {
        this.use("generator-method");
        const name = this.fresh("om");
        const inner = this.functionCtx(ctx, "gen", new Scope(ctx.scope));
        const p = this.fresh("p");
        inner.scope.add(p, { mutable: true });
        const body = this.block(inner, r.range(1, 3), 1);
        ctx.scope.add(name, { hidden: true });
        // A member after the method may put another function (PF, plain) under its key: only the
        // literal's own method may be marked as a generator function.
        const after = r.weighted([
          [3, () => ""],
          [1, () => `, ...{ gen: PF }`],
          [1, () => `, [${r.pick(['"gen"', '"ge" + "n"', '"other"'])}]: PF`],
          [1, () => `, get gen() { return PF; }`],
        ])();
        if (after !== "") this.use("member-after-generator-method");
        const useIt = `log(${this.tag("gm")}, (yield* ${name}.gen(${this.expr(ctx, 1)})), Object.getPrototypeOf(PF) === Function.prototype);`;
        this.yields++;
        return `const ${name} = { k: 1, *gen(${p}) { ${body.join(" ")} return ${p}; }${after} }; ${useIt}`;
      }
      case "async-arrow": {
        this.use("async-arrow");
        const name = this.fresh("af");
        const inner = this.functionCtx(ctx, "async", new Scope(ctx.scope));
        inner.kind = "arrow";
        inner.argumentsOK = ctx.argumentsOK;
        inner.superKind = ctx.superKind; // an arrow sees its surroundings' `super`
        const p = this.fresh("q");
        inner.scope.add(p, { mutable: true });
        const body = this.block(inner, r.range(1, 2), 1);
        const call = ctx.awaitOK ? `log(${this.tag("af")}, await ${name}(${this.expr(ctx, 1)}));` : `R(${this.tag("af")}, ${name}(${this.expr(ctx, 1)}));`;
        return `const ${name} = async (${p}) => { ${body.join(" ")} return ${p}; }; ${call}`;
      }
      case "throw":
        this.use("throw");
        return `if (${this.condition(ctx)}) throw ${this.thrown()};`;
      case "return":
        this.use("return");
        if (r.chance(0.7)) return `if (${this.condition(ctx)}) return ${this.expr(ctx, 1)};`;
        return r.chance(0.5) ? `return ${this.expr(ctx, 2)};` : "return;";
      case "break":
        return this.breakOrContinue(ctx, "break");
      case "continue":
        return this.breakOrContinue(ctx, "continue");
      case "destructure-assign":
        return `${this.destructureAssign(ctx, this.size.exprDepth)};`;
      case "call-closures":
        this.use("call-closures");
        return `log(${this.tag("fns")}, fns.map((f) => f()));`;
      case "super-destructure": {
        // `super` members as array and object pattern targets (with a default that may suspend).
        const props = ctx.superKind === "static" ? ["sn", "ss", "su", "sz"] : ["n", "s", "u", "z"];
        return this.form(
          "super-destructure",
          () =>
            r.chance(0.5)
              ? `[super.${r.pick(props)}, super[t(${this.tag("sk")}, "${r.pick(props)}")]] = ${this.iterable(ctx, 1, { forPattern: true })};`
              : `({ a: super.${r.pick(props)}, b: super["${r.pick(props)}"] = ${this.expr(ctx, 1)} } = ${this.objectLiteral(ctx, 1)});`,
          "super-assign",
        );
      }
      case "tdz":
        return this.deadZone(ctx);
    }
    throw new Error(`generate.mjs: no statement builder for ${choice}`);
  }

  /**
   * Uses of a binding before its declaration, in the same block: a direct read (or `typeof`, or
   * a write), a closure or function declaration called before and after, a closure left in `fns`
   * (called at the end of the coroutine, or in the dead zone if the declaration never completed).
   * Errors are caught and shown; then the declaration, which the rest of the block may use.
   */
  deadZone(ctx) {
    const r = this.rng;
    this.use("tdz-read");
    const name = this.fresh("v");
    const kind = r.pick(["let", "const"]);
    const closure = this.fresh("z");
    const parts = [];
    const attempt = (code) => `try { log(${this.tag("tdz")}, ${code}); } catch (e) { log(${this.tag("tdz")}, show(e)); }`;
    // The value a write stores may itself be a binding (a loop's own `x`, kept per iteration).
    const others = this.readable(ctx).filter((v) => !v.internal);
    const value = () => (others.length && r.chance(0.6) ? r.pick(others).name : "1");
    // A write of the binding, sometimes holding another write of it (`v = [v += 1]`): each is
    // checked, and rewriting the outer one must not lose the inner.
    const write = () =>
      r.pick([
        () => `(${name} = ${value()})`,
        () => `(${name} = [${name} += ${value()}])`,
        () => `(${name} = (${name} = ${value()}))`,
        () => `(${name} += (${name} = ${value()}))`,
      ])();
    const early = r.pick([
      () => name,
      () => `typeof ${name}`,
      () => `${closure}()`,
      () => (kind === "let" ? write() : name),
      // The read as an operand of something the plugin rewrites around it (`super.x = v` becomes
      // an accessor call carrying v).
      () => (ctx.superKind ? r.pick([`(super.s = ${name})`, `super[${name}]`, `super.${ctx.superKind === "static" ? "sm" : "bm"}(${name})`]) : `[${name}]`),
    ]);
    // The closure reads the binding, or (a `let`) writes another binding's value into it.
    const body = kind === "let" && r.chance(0.3) ? write() : name;
    if (r.chance(0.5)) parts.push(`function ${closure}() { return ${body}; }`);
    else parts.push(`const ${closure} = () => ${body};`);
    if (r.chance(0.3)) parts.push(`fns.push(${closure});`);
    parts.push(attempt(early()));
    const init = this.form(null, () => this.expr(ctx, this.size.exprDepth), "declaration");
    parts.push(`${kind} ${name} = ${init};`);
    parts.push(attempt(`${closure}()`));
    ctx.scope.add(name, { mutable: kind === "let" });
    return parts.join(" ");
  }

  thrown() {
    const r = this.rng;
    return r.pick([() => this.tag("E"), () => `{ tag: ${this.tag("E")} }`, () => `new Error(${this.tag("m")})`, () => "o.z"])();
  }

  declaration(ctx) {
    const r = this.rng;
    const kind = r.weighted([
      [3, "let"],
      [2, "const"],
      [ctx.kind === "arrow" ? 0 : 1, "var"],
    ]);
    this.use(kind);
    const name = this.fresh("v");
    const init = this.form(null, () => this.expr(ctx, this.size.exprDepth), "declaration");
    ctx.scope.add(name, { mutable: kind !== "const" });
    return `${kind} ${name} = ${init};`;
  }

  destructuring(ctx) {
    const r = this.rng;
    const kind = r.pick(["let", "const"]);
    const names = [];
    if (r.chance(0.55)) {
      this.use("destructure-array");
      const a = this.fresh("v");
      const b = this.fresh("v");
      names.push(a, b);
      let pattern = a;
      let source = this.iterable(ctx, 1, { forPattern: true });
      let second = b;
      if (r.chance(0.4)) {
        this.use("destructure-default");
        // A default that throws (over an iterator with items left and a `return` method, so
        // that closing it shows), or one that may suspend: the iterator must be closed when
        // the default throws, or when the driver's return()/throw() ends the suspension.
        const throws = r.chance(0.2);
        if (throws) {
          this.use("destructure-default-throws");
          source = `mkHoles(${this.tag("i")}, 3, ${r.pick([2, 3])})`;
        }
        second = `${b} = ${throws ? `(${r.chance(0.5) ? "undefined" : "0"}, thr(${this.tag("dflt")}))` : this.expr(ctx, 1)}`;
      }
      let rest = "";
      if (r.chance(0.3)) {
        this.use("destructure-rest");
        const c = this.fresh("v");
        names.push(c);
        rest = `, ...${c}`;
      }
      const hole = r.chance(0.2) ? ", " : "";
      const named = r.chance(0.3) && !rest ? this.fnDefault(ctx) : null;
      const code = this.declare(ctx, kind, names, `${kind} [${pattern}, ${hole}${second}${named ? ", " + named.binding : ""}${rest}] = ${source};`);
      return named ? `${code} ${named.show}` : code;
    }
    this.use("destructure-object");
    const a = this.fresh("v");
    const b = this.fresh("v");
    names.push(a, b);
    let parts = [`a: ${a}`];
    if (r.chance(0.5)) {
      this.use("destructure-default");
      parts.push(`b: ${b} = ${this.expr(ctx, 1)}`);
    } else parts.push(`k: ${b}`);
    if (r.chance(0.25)) {
      this.use("destructure-nested");
      const c = this.fresh("v");
      names.push(c);
      parts.push(`arr: [${c}]`);
    }
    if (r.chance(0.3)) {
      this.use("destructure-rest");
      const c = this.fresh("v");
      names.push(c);
      parts.push(`...${c}`);
    }
    const named = r.chance(0.3) ? this.fnDefault(ctx) : null;
    // (before a rest element, which must come last)
    const restLast = parts[parts.length - 1].startsWith("...") ? 1 : 0;
    if (named) parts.splice(r.int(parts.length + 1 - restLast), 0, r.chance(0.5) ? named.binding : `nf: ${named.binding}`);
    const source = r.chance(0.5) ? "o" : `{ ...o, ${r.chance(0.5) ? `a: ${this.expr(ctx, 1)}` : `[${this.expr(ctx, 1)}]: 1`} }`;
    const code = this.declare(ctx, kind, names, `${kind} { ${parts.join(", ")} } = ${source};`);
    return named ? `${code} ${named.show}` : code;
  }

  /**
   * `name = <anonymous function>` for a pattern or parameter: the function gets the binding's
   * name (or none: `(0, function () {})`), read back with `nm()`. The binding is hidden from
   * other expressions (a function's source text differs once lowered).
   */
  fnDefault(ctx) {
    const r = this.rng;
    this.use("destructure-fn-name");
    const name = this.fresh("fn");
    ctx.scope.add(name, { hidden: true });
    const value = r.pick([
      "function () {}",
      "() => 0",
      "(function () {})",
      "(0, function () {})",
      "function* () {}",
      "async () => {}",
      "function named() {}",
      `(${name}) => ${name}`,
    ]);
    return { binding: `${name} = ${value}`, show: `log(${this.tag("nm")}, nm(${name}));` };
  }

  declare(ctx, kind, names, code) {
    this.use(kind);
    for (const n of names) ctx.scope.add(n, { mutable: kind !== "const" });
    return code;
  }

  forLet(ctx, depth) {
    const r = this.rng;
    this.use("for-let");
    const i = this.fresh("i");
    const body = this.child(ctx, { loops: ctx.loops + 1, breakOK: true, mult: ctx.mult * 3 });
    body.scope.add(i, { noShadow: false });
    const head = r.chance(0.3) ? ` && ${this.form(null, () => this.expr(ctx, 1), "loop-head")}` : "";
    // The closure sees only what is declared before it (it may be called after an
    // iteration that left early: a later `let` would still be in its TDZ).
    const stmts = this.block(body, r.range(0, 2), depth - 1);
    if (r.chance(0.5)) {
      this.use("closure-over-loop-let");
      this.use("arrow");
      const inner = this.functionCtx(body, "arrow", new Scope(body.scope));
      stmts.push(`fns.push(() => [${i}, ${this.expr(inner, 1)}]);`);
    }
    stmts.push(...this.block(body, r.range(0, 2), depth - 1));
    if (stmts.length === 0) stmts.push(`log(${this.tag("for")}, ${i});`);
    return `for (let ${i} = 0; ${i} < ${r.range(1, 3)}${head}; ${i}++) { ${stmts.join(" ")} }`;
  }

  /**
   * A block holding `using` (or, where `await` may stand, `await using`) resources, or a for-of
   * whose head binds one per item. No `for (await using …)` or `for (using x = …;;)` heads: the
   * native run takes Babel's lowering of `using` (Node 20 has none), which lacks them.
   */
  usingBlock(ctx, depth) {
    const r = this.rng;
    this.use("using");
    const canAwait = ctx.awaitOK && !this.sync;
    const resource = (asyncOK) => {
      if (r.chance(0.12)) return "null";
      const mode = (asyncOK && r.chance(0.6) ? 1 : 0) | (r.chance(0.2) ? 2 : 0);
      return `DR(${this.tag("u")}, ${mode})`;
    };
    const kind = canAwait && r.chance(0.5) ? "await using" : "using";
    if (r.chance(0.3)) {
      const x = this.fresh("u");
      const body = this.child(ctx, { loops: ctx.loops + 1, breakOK: true, mult: ctx.mult * 3 });
      body.scope.add(x, { internal: true });
      const items = [resource(false), resource(false)].join(", ");
      return `for (using ${x} of [${items}]) { ${this.block(body, r.range(1, 2), depth - 1).join(" ")} }`;
    }
    const inner = this.child(ctx);
    const names = [this.fresh("u")];
    if (r.chance(0.3)) names.push(this.fresh("u"));
    const decl = `${kind} ${names.map((n) => `${n} = ${resource(kind === "await using")}`).join(", ")};`;
    for (const n of names) inner.scope.add(n, { internal: true });
    const before = r.chance(0.4) ? this.block(inner, 1, depth - 1).join(" ") : "";
    return `{ ${before} ${decl} ${this.block(inner, r.range(1, 3), depth - 1).join(" ")} }`;
  }

  /**
   * Iterating what is not iterable, or an iterator whose `next` or `return` is not callable, in a
   * lowered form (a suspension in the loop body, the array or the call), with the TypeError's
   * message shown (`showIt`): the value named as the source wrote it (a local, a member, a call),
   * or described. Nothing else in the statement can throw a TypeError.
   */
  badIteration(ctx) {
    const r = this.rng;
    const tag = this.tag("bad");
    const suspend = () => (ctx.yieldOK && (!ctx.awaitOK || r.chance(0.5)) ? `yield ${r.range(0, 9)}` : `await ${r.range(0, 9)}`);
    const value = r.pick(["undefined", "null", "{}", "5", "true"]);
    const method = r.chance(0.4);
    this.use(method ? "bad-iterator-method" : "bad-iterable");
    const b = this.fresh("b");
    const decl = method ? `const ${b} = mkBad(${tag}, "${r.pick(["next", "next", "return"])}", ${r.pick(["5", "undefined", '"s"', "{}", "null", "true"])});` : `const ${b} = ${value};`;
    const source = method ? b : r.weighted([
      [3, b],
      [1, "o.u"],
      [1, `t(${tag}, ${value})`],
      [0.5, `(${b} || ${b})`],
    ]);
    const x = this.fresh("x");
    const forms = [
      [3, () => `for (const ${x} of ${source}) { log(${tag}, ${x}); ${suspend()}; break; }`],
      [1.5, () => `log(${tag}, [${suspend()}, ...${source}]);`],
      [1.5, () => `log(${tag}, f2(${suspend()}, ...${source}));`],
      [0.7, () => `log(${tag}, f2(...${source}, ${suspend()}));`],
      [1.5, () => `${suspend()}; const [${x}] = ${source}; log(${tag}, ${x});`],
      // Object patterns: of null/undefined they throw before a computed key runs (`t` logs).
      [1, () => `${suspend()}; const { a: ${x} } = ${source}; log(${tag}, ${x});`],
      [0.7, () => `${suspend()}; const { [t(${tag}, "a")]: ${x}, ...${x}r } = ${source}; log(${tag}, ${x}, typeof ${x}r);`],
      // In a generator of its own, run by a for-of, and of the local only: V8 prints its own
      // desugaring for a `yield*` of a member or a call, or of a name as a call's argument
      // ("yield* (intermediate value)…"), which the plugin does not follow (README, Limits).
      [ctx.kind === "gen" ? 1.5 : 0, () => `for (const ${x} of (function* () { const ${x} = yield* ${b}; log(${tag}, ${x}); })()) { log(${tag}, ${x}); ${suspend()}; }`],
      [ctx.awaitOK && !this.sync ? 1.5 : 0, () => `for await (const ${x} of ${source}) { log(${tag}, ${x}); break; }`],
    ];
    return `{ ${decl} try { ${r.weighted(forms)()} } catch (e) { log(${tag}, showIt(e)); } }`;
  }

  forOf(ctx, depth) {
    const r = this.rng;
    this.use("for-of");
    const body = this.child(ctx, { loops: ctx.loops + 1, breakOK: true, mult: ctx.mult * 3 });
    let head;
    const x = r.float();
    const mutable = this.mutable(ctx);
    if (x < 0.2) {
      this.use("for-of-pattern");
      const a = this.fresh("x");
      const b = this.fresh("x");
      body.scope.add(a);
      body.scope.add(b);
      const pairs = `[[${this.expr(ctx, 1)}, 1], [2, ${this.expr(ctx, 1)}], ${r.chance(0.5) ? '"ab"' : "[]"}]`;
      head = r.chance(0.5) ? `const [${a}, ${b} = 9] of ${pairs}` : `let { a: ${a}, length: ${b} } of ${pairs}`;
    } else if (x < 0.35) {
      this.use("for-of-assign-target");
      const target = mutable.length && r.chance(0.6) ? r.pick(mutable).name : "o.b";
      head = `${target} of ${this.iterable(ctx, 1, { forOf: true })}`;
    } else {
      const a = this.fresh("x");
      const kind = r.pick(["const", "let"]);
      body.scope.add(a, { mutable: kind === "let" });
      head = `${kind} ${a} of ${this.iterable(ctx, 1, { forOf: true })}`;
    }
    // A generator may yield many values: its loop body runs more often than an array's.
    if (/ of (g|n)\d+\(/.test(head)) body.mult = ctx.mult * 10;
    const shown = body.scope.vars.map((v) => v.name);
    const stmts = this.block(body, r.range(1, 3), depth - 1);
    return `for (${head}) { log(${this.tag("of")}${shown.length ? ", " + shown.join(", ") : ""}); ${stmts.join(" ")} }`;
  }

  labeledLoops(ctx, depth) {
    const r = this.rng;
    this.use("labeled-loop");
    const label = this.fresh("L");
    const i = this.fresh("i");
    const j = this.fresh("j");
    const outer = this.child(ctx, { loops: ctx.loops + 1, breakOK: true, mult: ctx.mult * 3, labels: [...ctx.labels, { name: label, loop: true }] });
    outer.scope.add(i);
    const inner = this.child(outer, { loops: outer.loops + 1, mult: outer.mult * 3 });
    inner.scope.add(j);
    // The jump's condition sees only what is declared before it.
    const stmts = this.block(inner, r.range(0, 1), Math.max(0, depth - 2));
    const jump = r.chance(0.5) ? "continue" : "break";
    this.use(jump === "continue" ? "labeled-continue" : "labeled-break");
    stmts.push(`if (${this.condition(inner)}) ${jump} ${label};`);
    stmts.push(...this.block(inner, r.range(0, 1), Math.max(0, depth - 2)));
    return `${label}: for (let ${i} = 0; ${i} < ${r.range(1, 3)}; ${i}++) { for (let ${j} = 0; ${j} < ${r.range(1, 3)}; ${j}++) { log(${this.tag("ij")}, ${i}, ${j}); ${stmts.join(" ")} } }`;
  }

  breakOrContinue(ctx, kind) {
    const r = this.rng;
    const targets = ctx.labels.filter((l) => l.loop || kind === "break");
    let label = "";
    if (targets.length && r.chance(0.4)) {
      label = " " + r.pick(targets).name;
      this.use(kind === "break" ? "labeled-break" : "labeled-continue");
    } else {
      if (kind === "continue" && ctx.loops === 0) return "log(0);";
      if (kind === "break" && !ctx.breakOK) return "log(0);";
      this.use(kind);
    }
    if (r.chance(0.7)) return `if (${this.condition(ctx)}) ${kind}${label};`;
    return `${kind}${label};`;
  }

  switchStatement(ctx, depth) {
    const r = this.rng;
    this.use("switch");
    const disc = this.form(null, () => this.expr(ctx, 1), "switch-discriminant");
    const n = r.range(1, 4);
    const cases = [];
    let hasDefault = false;
    const inner = { ...ctx, breakOK: true };
    for (let i = 0; i < n; i++) {
      const scoped = this.child(inner);
      let test;
      if (!hasDefault && r.chance(0.25)) {
        hasDefault = true;
        this.use("switch-default");
        test = "default:";
      } else {
        const value = r.chance(0.2) ? this.form(null, () => this.expr(ctx, 1), "switch-case-test") : r.pick([...NUMBERS.slice(0, 4), ...STRINGS.slice(0, 2), "undefined"]);
        test = `case ${value}:`;
      }
      const body = this.block(scoped, r.range(0, 2), depth - 1);
      if (r.chance(0.6)) body.push("break;");
      else if (i < n - 1) this.use("switch-fallthrough");
      cases.push(`${test} ${body.join(" ")}`);
    }
    return `switch (${disc}) { ${cases.join(" ")} }`;
  }

  tryStatement(ctx, depth) {
    const r = this.rng;
    const shape = r.weighted([
      [3, "try-catch"],
      [2, "try-finally"],
      [2, "try-catch-finally"],
    ]);
    this.use(shape);
    const body = this.block(this.child(ctx), r.range(1, 3), depth - 1);
    let code = `try { ${body.join(" ")} }`;
    if (shape !== "try-finally") {
      const c = this.child(ctx);
      let param = "";
      let first = "";
      const y = r.float();
      if (y < 0.15) {
        this.use("optional-catch-binding");
        first = `log(${this.tag("caught")});`;
      } else if (y < 0.25) {
        this.use("catch-pattern");
        const a = this.fresh("e");
        if (r.chance(0.5)) {
          // A default that reads the pattern's earlier binding (directly or through a closure).
          const b = this.fresh("e");
          param = r.chance(0.5) ? ` ({ tag: ${a}, more: ${b} = [${a}, 1] })` : ` ({ tag: ${a}, more: ${b} = () => ${a} })`;
          c.scope.add(a, { mutable: true });
          first = `log(${this.tag("caught")}, ${a}, typeof ${b} === "function" ? ${b}() : ${b});`;
        } else {
          param = ` ({ tag: ${a} })`;
          c.scope.add(a, { mutable: true });
          first = `log(${this.tag("caught")}, ${a});`;
        }
      } else {
        const e = this.fresh("e");
        param = ` (${e})`;
        // Not readable, not assignable: it may hold an engine error, whose message is engine-specific.
        c.scope.add(e, { hidden: true });
        first = `log(${this.tag("caught")}, show(${e}));`;
      }
      code += ` catch${param} { ${first} ${this.block(c, r.range(0, 2), depth - 1).join(" ")} }`;
    }
    if (shape !== "try-catch") {
      const f = this.child(ctx);
      const y = this.yields + this.awaits;
      const stmts = [`log(${this.tag("finally")});`, ...this.block(f, r.range(0, 2), depth - 1)];
      if (this.yields + this.awaits > y) this.use("suspend-in-finally");
      const jump = r.weighted([
        [3, null],
        [ctx.kind !== "arrow" ? 1 : 0, "return"],
        [ctx.breakOK ? 1 : 0, "break"],
        [ctx.loops > 0 ? 0.7 : 0, "continue"],
        [0.8, "throw"],
      ]);
      if (jump) {
        this.use(`${jump}-in-finally`);
        const stmt =
          jump === "return" ? `return ${this.expr(f, 1)};` : jump === "throw" ? `throw ${this.thrown()};` : `${jump};`;
        stmts.push(r.chance(0.5) ? `if (${this.condition(f)}) ${stmt}` : stmt);
      }
      code += ` finally { ${stmts.join(" ")} }`;
    }
    return code;
  }

  nestedGenerator(ctx, depth) {
    const r = this.rng;
    this.use("nested-generator");
    const name = this.fresh("n");
    const inner = this.functionCtx(ctx, "gen", new Scope(ctx.scope));
    const p = this.fresh("p");
    inner.scope.add(p, { mutable: true });
    const body = this.block(inner, r.range(1, 3), Math.min(depth - 1, 1));
    const text = `{ ${body.join(" ")} return ${this.expr(inner, 1)}; }`;
    ctx.scope.add(name, { generator: true }); // only now: it must not call itself
    if (r.chance(0.6)) return `function* ${name}(${p}) ${text}`;
    return `const ${name} = function* (${p}) ${text};`;
  }

  // -------------------------------------------------------------------------
  // Coroutines

  params(ctx) {
    const r = this.rng;
    const params = [];
    let simple = true;
    const n = r.range(0, 3);
    for (let i = 0; i < n; i++) {
      const name = this.fresh("p");
      const x = r.float();
      if (x < 0.2 && i === n - 1) {
        this.use("param-rest");
        simple = false;
        params.push(`...${name}`);
        ctx.scope.add(name, { mutable: true, noShadow: true });
      } else if (x < 0.4) {
        this.use("param-default");
        simple = false;
        if (r.chance(0.25)) {
          const named = this.fnDefault(ctx);
          params.push(named.binding);
          this.paramShows.push(named.show);
          continue;
        }
        if (i < n - 1 && r.chance(0.2)) {
          // A closure in the default reads the next parameter (named by the next fresh("p")),
          // still in its dead zone.
          this.use("tdz-param");
          const next = `p${this.counter + 1}`;
          params.push(`${name} = (() => { try { return typeof ${next} === "undefined" ? "none" : ${next}; } catch (e) { return show(e); } })()`);
          ctx.scope.add(name, { mutable: true, noShadow: true });
          continue;
        }
        params.push(`${name} = ${r.chance(0.5) ? this.literal() : `t(${this.tag("def")}, ${this.literal()})`}`);
        ctx.scope.add(name, { mutable: true, noShadow: true });
      } else if (x < 0.5) {
        this.use("param-pattern");
        simple = false;
        const b = this.fresh("p");
        params.push(`{ a: ${name}, b: ${b} = 2 } = {}`);
        ctx.scope.add(name, { mutable: true, noShadow: true });
        ctx.scope.add(b, { mutable: true, noShadow: true });
      } else {
        params.push(name);
        ctx.scope.add(name, { mutable: true, noShadow: true });
      }
    }
    return { text: params.join(", "), simple, count: n };
  }

  /**
   * The parameters and body lines of a coroutine `name` of `kind`. `setup` adjusts its context
   * (a class member's `super`, private name, no `arguments` in a field's arrow).
   */
  coroutineBody(kind, name, index, setup = () => {}, { strictOK = true } = {}) {
    const r = this.rng;
    const ctx = this.functionCtx(null, kind, new Scope(null));
    ctx.co = index;
    setup(ctx);
    this.paramShows = [];
    const params = this.params(ctx);
    ctx.scope.add("o", { internal: true, noShadow: true });
    ctx.scope.add("fns", { internal: true, hidden: true, noShadow: true });
    const strict = strictOK && params.simple && r.chance(0.2);
    if (strict) this.use("use-strict");
    const n = r.range(...this.size.statements);
    const body = this.block(ctx, n, this.size.stmtDepth);
    const lines = [];
    if (strict) lines.push('"use strict";');
    if (r.chance(0.25)) {
      this.use("this");
      lines.push(`log("${name} this", typeof this, this === undefined ? "undef" : this === null ? "null" : this.k);`);
    }
    lines.push(`const o = { a: 1, b: "s", z: 0, u: null, arr: [1, 2] };`);
    lines.push(`const fns = [];`);
    lines.push(...this.paramShows);
    lines.push(...body);
    if (r.chance(0.5)) {
      this.use("call-closures");
      lines.push(`log("${name} fns", fns.map((f) => f()));`);
    }
    lines.push(`log("${name} o", o);`);
    lines.push(`return ${this.expr(ctx, 2)};`);
    return { params, lines };
  }

  coroutine() {
    const r = this.rng;
    const index = this.coroutines.length;
    this.cost = 1;
    const kind = this.sync
      ? "gen"
      : r.weighted([
          [5, "gen"],
          [2, "async"],
          [2, "asyncgen"],
        ]);
    const prefix = { gen: "g", async: "a", asyncgen: "ag" }[kind];
    const name = `${prefix}${index}`;
    const { params, lines } = this.coroutineBody(kind, name, index);
    const star = kind === "async" ? "" : "*";
    const asyncWord = kind === "gen" ? "" : "async ";
    let text;
    if (kind === "gen" && r.chance(0.25)) {
      this.use("gen-expression");
      text = `var ${name} = ${asyncWord}function${star} (${params.text}) {\n  ${lines.join("\n  ")}\n};`;
    } else {
      this.use(kind === "gen" ? "gen-declaration" : kind === "async" ? "async-function" : "async-generator");
      text = `${asyncWord}function${star} ${name}(${params.text}) {\n  ${lines.join("\n  ")}\n}`;
    }
    this.coroutines.push({ name, kind, arity: params.count, cost: this.cost });
    return text;
  }

  /**
   * A base class and a class extending it, declared outside coroutines (an es2015 program), whose
   * members hold coroutines: async arrows as instance, static and private fields and made in a
   * static block, generator and async methods; `super` and `#pf` in every position inside them.
   * The instance `cN` and the class `CN` are made at once; the members join `coroutines` (the
   * drivers and later coroutines call them as `cN.f(...)`, `CN.sf(...)`).
   */
  classHost() {
    const r = this.rng;
    this.use("class-host");
    const n = this.coroutines.length;
    const B = `B${n}`;
    const C = `C${n}`;
    const inst = `c${n}`;
    const lines = [];
    lines.push(
      `class ${B} {`,
      `  constructor() { this.k = "${B}"; }`,
      `  get gv() { log("get gv", this.k); return this.gvv; }`,
      `  set gv(x) { log("set gv", this.k, x); this.gvv = x; }`,
      `  bm(x) { log("${B}.bm", this.k, x); return x; }`,
      `  static sm(x) { log("${B}.sm", this.name, x); return x; }`,
      `}`,
      `${B}.prototype.n = 1; ${B}.prototype.s = "s"; ${B}.prototype.u = null; ${B}.prototype.z = 0;`,
      `${B}.sn = 2; ${B}.ss = "t"; ${B}.su = null; ${B}.sz = 0;`,
    );
    const members = [];
    const entries = [];
    const member = (kind, key, superKind, shape) => {
      const index = this.coroutines.length + entries.length;
      this.cost = 1;
      const arrow = shape !== "method";
      const { params, lines: body } = this.coroutineBody(
        kind,
        `${C}.${key}`,
        index,
        (ctx) => {
          ctx.superKind = superKind;
          ctx.privateName = "#pf";
          // A field's initializer (and a static block) has no `arguments`.
          if (arrow) ctx.argumentsOK = false;
        },
        { strictOK: false },
      );
      entries.push({ key, kind, arity: params.count, cost: this.cost, statics: superKind === "static" });
      const text = body.join(" ");
      if (shape === "method") return `${superKind === "static" ? "static " : ""}${kind === "async" ? "async " : kind === "asyncgen" ? "async *" : "*"}${key}(${params.text}) { ${text} }`;
      const fn = `async (${params.text}) => { ${text} }`;
      if (shape === "block") return `static { this.${key} = ${fn}; }`;
      return `${superKind === "static" ? "static " : ""}${shape === "private" ? "#pf" : key} = ${fn};`;
    };
    // Small programs get fewer members (each is a coroutine of its own).
    const p = this.size === SIZES.small ? 0.5 : 1;
    members.push(member("gen", "gm", "instance", "method"));
    if (r.chance(0.3 * p)) members.push(member("gen", "sgm", "static", "method"));
    if (!this.sync) {
      this.use("class-generator-method");
      if (r.chance(0.7 * p)) (this.use("field-async-arrow"), members.push(member("async", "f", "instance", "field")));
      if (r.chance(0.5 * p)) (this.use("static-field-async-arrow"), members.push(member("async", "sf", "static", "field")));
      if (r.chance(0.5 * p)) (this.use("static-block-async-arrow"), members.push(member("async", "sb", "static", "block")));
      if (r.chance(0.5 * p)) (this.use("class-async-method"), members.push(member("async", "am", "instance", "method")));
      // The private field's arrow is reached through pf(); has() tests `#pf in (await v)`.
      this.use("private-field-async-arrow");
      members.push(member("async", "pf", "instance", "private"));
      members.push(`pfc(x) { return this.#pf(x); }`);
      members.push(`static async has(v) { return #pf in (await v); }`);
    } else {
      this.use("class-generator-method");
      members.push(`#pf = 1;`);
    }
    // Static code runs once the methods exist: it sees their kinds, and may replace one.
    if (r.chance(0.4)) {
      this.use("static-code-sees-methods");
      const seen = `static seen = [typeof this.prototype.gm.prototype, Object.getPrototypeOf(this.prototype.gm) === Object.getPrototypeOf(function* () {}), typeof this.prototype.gm.call(new this()).next];`;
      members.splice(r.range(0, members.length + 1), 0, seen);
      // A wrapper put in the method's place is a plain function, left as it is.
      if (r.chance(0.5)) members.push(`static { const m = this.prototype.gm; this.prototype.gm = function (...a) { return m.apply(this, a); }; }`);
    }
    lines.push(`class ${C} extends ${B} {`, ...members.map((m) => "  " + m), `}`, `var ${inst} = new ${C}();`);
    if (lines.some((l) => l.includes("static seen ="))) lines.push(`log("${C} seen", ${C}.seen);`);
    for (const e of entries) {
      // A private field's function is called through its public method.
      const callee = e.key === "pf" ? `${inst}.pfc` : e.statics ? `${C}.${e.key}` : `${inst}.${e.key}`;
      this.coroutines.push({ name: callee, kind: e.kind, arity: e.arity, cost: e.cost, member: true });
    }
    if (!this.sync) {
      this.extraDrivers.push([`R(${this.tag("has")}, ${C}.has(${r.pick([inst, "{}", "1", `new ${C}()`])}));`]);
      if (r.chance(0.4)) {
        // super(await x) in an async arrow of a derived constructor; `this` before it throws.
        this.use("derived-constructor-super-in-async-arrow");
        const D = `D${n}`;
        lines.push(
          `class ${D} extends ${B} {`,
          `  constructor(x) {`,
          `    const go = async () => {`,
          `      try { log("${D} early", this.k); } catch (e) { log("${D} early", e instanceof ReferenceError ? "tdz" : show(e)); }`,
          `      super(await x);`,
          `      log("${D} after", this.k, super.bm(x));`,
          `      return this.k;`,
          `    };`,
          `    return { p: go() };`,
          `  }`,
          `}`,
        );
        this.extraDrivers.push([`R(${this.tag("D")}, new ${D}(${this.driverValue()}).p);`]);
      }
    }
    return lines.join("\n");
  }

  // -------------------------------------------------------------------------
  // Drivers (ES5)

  argsFor(co) {
    const args = [];
    const n = this.rng.range(0, co.arity + 1);
    for (let i = 0; i < n; i++) args.push(this.driverValue(false));
    return args.join(", ");
  }
  /** A value a driver passes; no null as an argument (a pattern parameter would throw at the call). */
  driverValue(allowNull = true) {
    return this.rng.pick(["0", "1", "2", "3", '"a"', '"s"', "undefined", allowNull ? "null" : "4", "[1, 2]", "{ a: 5 }"]);
  }

  syncDriver(co) {
    const r = this.rng;
    const out = [];
    const v = this.fresh("G");
    const style = r.weighted([
      [6, "steps"],
      [1.5, "array-from"],
      [1.5, "drain"],
    ]);
    let call = `${co.name}(${this.argsFor(co)})`;
    if (!co.member && r.chance(0.15)) {
      this.use("drive-call-this");
      call = `${co.name}.call({ k: ${this.tag("recv")} }${co.arity ? ", " + this.driverValue(false) : ""})`;
    }
    if (!co.member && r.chance(0.15)) {
      this.use("drive-meta");
      out.push(`log(${co.name}.name, ${co.name}.length, Object.prototype.toString.call(${co.name}()), ${co.name}.prototype === undefined);`);
    }
    if (style === "array-from") {
      this.use("drive-array-from");
      out.push(`try { log(${this.tag("from")}, Array.from(${call})); } catch (e) { log("from threw", show(e)); }`);
      return out;
    }
    if (style === "drain") {
      this.use("drive-drain");
      out.push(`drain(${this.tag(co.name + ":")}, ${call}, 40);`);
      return out;
    }
    out.push(`var ${v} = ${call};`);
    const n = r.range(3, 12);
    for (let i = 0; i < n; i++) {
      const op = r.weighted([
        [8, "next"],
        [1.2, "throw"],
        [1.2, "return"],
      ]);
      this.use(`drive-${op}`);
      const value = op === "throw" ? r.pick([this.tag("X"), `new Error(${this.tag("m")})`, `{ tag: ${this.tag("X")} }`]) : this.driverValue();
      out.push(`S("${v}", ${v}, "${op}", ${value});`);
    }
    return out;
  }

  asyncGenDriver(co) {
    const r = this.rng;
    const v = this.fresh("AG");
    const out = [`var ${v} = ${co.name}(${this.argsFor(co)});`];
    const ops = [];
    const n = r.range(2, 7);
    for (let i = 0; i < n; i++) {
      const op = r.weighted([
        [6, "next"],
        [1, "throw"],
        [1, "return"],
      ]);
      ops.push([op, op === "throw" ? this.tag("X") : this.driverValue()]);
    }
    if (r.chance(0.5)) {
      this.use("drive-async-queue");
      for (const [op, value] of ops) out.push(`SA("${v}", ${v}, "${op}", ${value});`);
    } else {
      this.use("drive-async-chain");
      out.push(`chainA("${v}", ${v}, [${ops.map(([op, value]) => `["${op}", ${value}]`).join(", ")}]);`);
    }
    return out;
  }

  drivers() {
    const r = this.rng;
    const tasks = [];
    for (const co of this.coroutines) {
      const times = r.range(1, 2);
      for (let i = 0; i < times; i++) {
        if (co.kind === "gen") tasks.push(this.syncDriver(co));
        else if (co.kind === "async") tasks.push([`R(${this.tag(co.name + ":")}, ${co.name}(${this.argsFor(co)}));`]);
        else tasks.push(this.asyncGenDriver(co));
      }
    }
    tasks.push(...this.extraDrivers);
    if (!this.sync) {
      const ticks = r.range(0, 2);
      for (let i = 0; i < ticks; i++) {
        this.use("drive-ticks");
        tasks.push([`tick(${this.tag("T")}, ${r.range(1, 4)});`]);
      }
    }
    const out = [];
    for (let task of r.shuffle(tasks)) {
      if (r.chance(0.1)) {
        // Arrays iterate through the replaced method while the task's synchronous part runs.
        this.use("drive-patched-array-iterator");
        task = [`patchArrays(${this.tag("P")});`, ...task, "unpatchArrays();"];
      }
      const x = r.float();
      if (x < 0.12) {
        this.use("drive-deferred");
        out.push(`Promise.resolve().then(function () {\n  ${task.join("\n  ")}\n});`);
      } else if (x < 0.18) {
        this.use("drive-deferred");
        out.push(`setTimeout(function () {\n  ${task.join("\n  ")}\n}, 0);`);
      } else out.push(...task);
    }
    return out;
  }

  program() {
    const n = this.rng.range(...this.size.coroutines);
    this.es2015 = !this.es5 && this.rng.chance(0.35);
    const parts = [`// stepwise fuzz: seed ${this.seed}${this.sync ? " (sync)" : ""}${this.es2015 ? " (es2015)" : ""}`, HELPERS];
    const host = this.es2015 ? this.rng.int(n) : -1;
    for (let i = 0; i < n; i++) parts.push(i === host ? this.classHost() : this.coroutine());
    parts.push("// drivers");
    parts.push(...this.drivers());
    return parts.join("\n") + "\n";
  }
}

/**
 * @param {number} seed
 * @param {{ features?: "all" | "sync", size?: "normal" | "small", es5?: boolean }} [options]
 *   es5: no program declares classes outside coroutines (every program is ES5 there)
 * @returns {{ seed: number, code: string, features: Record<string, number>, es2015: boolean }}
 *   es2015: this program declares classes outside coroutines
 */
export function generateProgram(seed, options = {}) {
  const builder = new ProgramBuilder(seed, options);
  const code = builder.program();
  return { seed, code, features: builder.features, es2015: builder.es2015 };
}

/** The features that exist for a --features setting. */
export function featuresFor(setting) {
  return FEATURES.filter((f) => setting !== "sync" || f.sync);
}
