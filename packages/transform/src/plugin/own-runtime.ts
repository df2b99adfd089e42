/**
 * The runtime's own files are left as they are written. Its native build (lib/node.js, what Node
 * loads) takes the engine's intrinsics from functions written with the very syntax this plugin
 * lowers:
 *
 *     const asyncFunctionPrototype = getPrototypeOf(async function () { });
 *
 * A build that compiles node_modules too (Jest with `transformIgnorePatterns: []`, @babel/register
 * with `ignore: []`, a bundler's loader without `exclude`) hands that file to the plugin. Lowered,
 * the function becomes `_stepwise.markAsync(...)` read off a `require("@stepwise/runtime")` of the
 * file itself: a require cycle whose half-made exports have no `markAsync` yet, so every program
 * stops at load ("_stepwise.markAsync is not a function"); with the runtime inlined, it would take
 * the inlined copy's prototypes for the engine's.
 *
 * Every file the runtime's bundle script writes (packages/runtime/scripts/bundle.mjs) opens with a
 * banner naming the package, before any code:
 *
 *     /* @stepwise/runtime 0.1.0, native build (Node) *\/
 *     'use strict';
 *
 * A file whose first comment is such a block comment, ahead of its first directive or statement,
 * is the runtime's, and the plugin does nothing to it.
 */
import type { File } from "@babel/types";

/** The banner's opening: the package name, then a space (a version follows). */
const BANNER = /^\s*@stepwise\/runtime\s/;

/** Whether a parsed file is one of the runtime's own, by its banner (see above). */
export function isOwnRuntimeFile(file: File): boolean {
  const first = file.comments?.[0];
  if (!first || first.type !== "CommentBlock" || !BANNER.test(first.value)) return false;
  const program = file.program;
  const code = [program.directives[0], program.body[0]].filter((node) => node !== undefined);
  return code.every((node) => node.start == null || first.end == null || first.end <= node.start);
}
