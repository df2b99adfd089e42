// The benchmark workloads. Each is a small ES2018 module in this folder whose default export does a
// fixed amount of work, set by its arguments, and returns a checksum (a number, or a promise of one
// for async workloads). `args` is the benchmark size, `small` the size the checksum test runs.
//
// `bar` names the target for the workload, as a ratio to native (see BARS in ../index.mjs);
// `nativeBar` is issue #20's tighter bound on the same ratio, for the async rows and early exits.
// `sizeBar` is issue #18's bound on the file compiled self-contained (runtime "inline"), minified and
// gzipped, as a ratio to regenerator's: 1 for files that use only plain `yield`, or only async
// functions without `try`; 1.25 for the others.
export const workloads = [
  { id: "gen-next", title: "generator, 1e6 `.next()`", kind: "sync", bar: "sync", args: [1e6], small: [300], sizeBar: 1 },
  { id: "gen-for-of", title: "generator in `for-of`, 1e6 items", kind: "sync", bar: "sync", args: [1e6], small: [300], sizeBar: 1 },
  { id: "yield-star-tree", title: "recursive `yield*` over a 1e5-node tree", kind: "sync", bar: "sync", args: [1e5], small: [300], sizeBar: 1.25 },
  { id: "yield-star-chain", title: "1,000-deep `yield*` chain, 1e3 items", kind: "sync", bar: "sync", args: [1000, 1000], small: [5, 40], sizeBar: 1.25 },
  { id: "try-catch-finally", title: "yields in try/catch/finally, 1e5 rounds", kind: "sync", bar: "sync", args: [1e5], small: [300], sizeBar: 1.25 },
  { id: "early-return", title: "early `return()` from `for-of`, 1e5 generators", kind: "sync", bar: "sync", args: [1e5], small: [300], nativeBar: 1.2, sizeBar: 1.25 },
  { id: "lexer-sync", title: "generator lexer over 1 MB", kind: "sync", bar: "sync", args: [1 << 20], small: [1 << 12], sizeBar: 1 },
  { id: "await-loop", title: "1e5 awaits in a loop", kind: "async", bar: "await", args: [1e5], small: [300], sizeBar: 1 },
  { id: "async-recursion", title: "async recursion, depth 500 (×100)", kind: "async", bar: "asyncCalls", args: [100, 500], small: [2, 30], nativeBar: 2, sizeBar: 1 },
  { id: "promise-all", title: "`Promise.all` over 1e4 async calls (×10)", kind: "async", bar: "asyncCalls", args: [10, 10000], small: [2, 100], nativeBar: 2, sizeBar: 1 },
  { id: "for-await", title: "async generator + `for await`, 1e5", kind: "async", bar: "asyncGen", args: [1e5], small: [300], nativeBar: 1.3, sizeBar: 1.25 },
  { id: "async-pipeline", title: "two-stage async-generator pipeline, 1e5", kind: "async", bar: "asyncGen", args: [1e5], small: [300], nativeBar: 1.3, sizeBar: 1.25 },
  { id: "lexer-async", title: "async-generator lexer over 1 MB", kind: "async", bar: null, args: [1 << 20], small: [1 << 12], sizeBar: 1.25 },
];
