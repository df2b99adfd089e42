/**
 * Under Node: @babel/helper-compilation-targets decides, from the compat data preset-env uses,
 * whether the targets need a Babel plugin (plugin/targets.ts).
 */
import { isRequired } from "@babel/helper-compilation-targets";
import type { IsRequired } from "./targets.js";

export const nodeIsRequired: IsRequired = (plugin, targets) => isRequired(plugin, targets);
