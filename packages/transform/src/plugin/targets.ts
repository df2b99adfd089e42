/**
 * Which Babel plugins the configured targets need, the question @babel/preset-env asks of
 * @babel/compat-data: the answer decides which syntax a lowered body keeps (core/target-syntax.ts).
 *
 * The answer is handed in by the entry, as the runtime's scripts are: under Node,
 * @babel/helper-compilation-targets' `isRequired` (plugin/node-targets.ts); in a page, without it,
 * every plugin is needed (the output is ES5 whatever the targets).
 */
import type { PluginAPI } from "@babel/core";
import { targetSyntax, ES5_SYNTAX, type TargetSyntax } from "../core/target-syntax.js";

/** Targets as Babel resolves them (`api.targets()`): `{ chrome: "109.0.0", ... }`. */
export type Targets = Record<string, string>;

/** Does code for `targets` need Babel's plugin `plugin` (e.g. "transform-arrow-functions")? */
export type IsRequired = (plugin: string, targets: Targets) => boolean;

/** Without compat data: every plugin is needed. */
export const everythingRequired: IsRequired = () => true;

/** The syntax the file's targets have. Babel < 7.13 has no `api.targets()`: ES5 then. */
export function syntaxOfTargets(api: PluginAPI, isRequired: IsRequired): TargetSyntax {
  const resolve = (api as { targets?: () => Targets }).targets;
  if (typeof resolve !== "function") return ES5_SYNTAX;
  const targets = resolve.call(api);
  return targetSyntax((plugin) => isRequired(plugin, targets));
}
