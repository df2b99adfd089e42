/**
 * @stepwise/runtime: the small runtime that resumes the state machines the Stepwise Babel plugin
 * emits. Lowered code calls it through one namespace object, `_stepwise`.
 */
export { generator, mark, markAsync, Context, GeneratorPrototype } from "./generator";
export { async } from "./async";
export { values, step, close, closeQuietly, toArray, unpack } from "./iterate";
export { keys, spreadProps, objectRest, defineValue, readOnly } from "./objects";
