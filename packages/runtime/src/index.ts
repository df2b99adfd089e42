/**
 * @stepwise/runtime: the small runtime that resumes the state machines the Stepwise Babel plugin
 * emits. Lowered code calls it through one namespace object, `_stepwise`.
 */
export { generator, mark, GeneratorPrototype } from "./generator";
export { Context } from "./machine";
export { AsyncContext, markAsync } from "./async";
export { asyncGenerator, markAsyncGenerator } from "./async-generator";
export { asyncValues, asyncStep } from "./async-iterate";
export { getMethod } from "./iteration-errors";
export { values, step, close, closeQuietly, toArray, unpack, unpackNext, unpackSkip, unpackRest, unpackEnd, unpackAbort } from "./iterate";
export { uninitialized, tdz, checked, checkedWrite } from "./bindings";
export { withMethods, markMethods, methodKey } from "./methods";
export { keys, forInObject, restArguments, spreadProps, objectRest, destructurable, defineValue, defineMethod, readOnly, readOnlyTarget, toPropertyKey, reference, template } from "./objects";
export { call, apply, construct } from "./calls";
export { PromiseImpl as Promise } from "./promise";
export { drain } from "./loop";
