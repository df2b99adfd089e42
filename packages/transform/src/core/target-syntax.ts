/**
 * The syntax the configured targets have: inside a lowered body, only what they lack is
 * rewritten. The machine itself (the `switch`, the try table, the runtime calls) is always ES5,
 * and so is every expression a suspension splits (`a ** (await b)` becomes `Math.pow(...)` only
 * where `**` is missing); the rest of the body keeps arrows, methods, `**`, spread, templates,
 * destructuring, `for-of` and parameter lists as written when the targets have them.
 *
 * Each field is decided by plugin/targets.ts from Babel's targets (`api.targets()`) the way
 * @babel/preset-env decides whether to run the plugin named beside it. With nothing configured,
 * Babel 7 gives no targets (everything is rewritten: ES5 with ES3-safe property names) and Babel 8
 * browserslist's defaults.
 */
export interface TargetSyntax {
  /** `() => x` (transform-arrow-functions). */
  arrows: boolean;
  /** `{ x }` and `{ m() {} }` (transform-shorthand-properties). */
  shorthand: boolean;
  /** `` `a${b}` `` (transform-template-literals). */
  templates: boolean;
  /** `a ** b` (transform-exponentiation-operator). */
  exponent: boolean;
  /** `a ?? b` (transform-nullish-coalescing-operator). */
  nullish: boolean;
  /** `[...a]`, `f(...a)`, `new C(...a)` (transform-spread). */
  spread: boolean;
  /** ES3's reserved words as property names: `o.return`, `{ catch: f }` (transform-member-expression-literals, transform-property-literals). */
  reservedWordKeys: boolean;
  /** `[a, b] = x`, `{ a } = o` (transform-destructuring). */
  destructuring: boolean;
  /** `{ ...rest } = o` (transform-object-rest-spread). */
  objectRest: boolean;
  /** `for (x of list)` (transform-for-of). */
  forOf: boolean;
  /** Defaults, patterns and rest in parameter lists (transform-parameters). */
  parameters: boolean;
  /** `catch {}` (transform-optional-catch-binding). */
  optionalCatch: boolean;
}

/** Babel's plugin for each feature, as @babel/compat-data names it. */
export const FEATURE_PLUGINS: Record<keyof TargetSyntax, string[]> = {
  arrows: ["transform-arrow-functions"],
  shorthand: ["transform-shorthand-properties"],
  templates: ["transform-template-literals"],
  exponent: ["transform-exponentiation-operator"],
  nullish: ["transform-nullish-coalescing-operator"],
  spread: ["transform-spread"],
  reservedWordKeys: ["transform-member-expression-literals", "transform-property-literals"],
  destructuring: ["transform-destructuring"],
  objectRest: ["transform-object-rest-spread"],
  forOf: ["transform-for-of"],
  parameters: ["transform-parameters"],
  optionalCatch: ["transform-optional-catch-binding"],
};

/** Targets that have none of it: everything is rewritten (ES5, ES3-safe property names). */
export const ES5_SYNTAX: TargetSyntax = {
  arrows: false,
  shorthand: false,
  templates: false,
  exponent: false,
  nullish: false,
  spread: false,
  reservedWordKeys: false,
  destructuring: false,
  objectRest: false,
  forOf: false,
  parameters: false,
  optionalCatch: false,
};

/** The syntax of targets for which `isRequired(plugin)` says which Babel plugins they need. */
export function targetSyntax(isRequired: (plugin: string) => boolean): TargetSyntax {
  const syntax = { ...ES5_SYNTAX };
  for (const feature of Object.keys(FEATURE_PLUGINS) as (keyof TargetSyntax)[]) {
    syntax[feature] = FEATURE_PLUGINS[feature].every((plugin) => !isRequired(plugin));
  }
  return syntax;
}
