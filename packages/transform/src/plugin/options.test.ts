import { describe, expect, test } from "@jest/globals";
import { validateOptions } from "./options.js";

describe("validateOptions", () => {
  test("defaults to importing the runtime", () => {
    expect(validateOptions(undefined)).toEqual({ runtime: "import", drain: false, explain: false, trace: false });
    expect(validateOptions({})).toEqual({ runtime: "import", drain: false, explain: false, trace: false });
  });

  test("accepts every documented runtime mode", () => {
    expect(validateOptions({ runtime: "inline" }).runtime).toBe("inline");
    expect(validateOptions({ runtime: "import" }).runtime).toBe("import");
    expect(validateOptions({ runtime: "global" }).runtime).toBe("global");
  });

  test("an unknown option is named, with the known ones", () => {
    expect(() => validateOptions({ runtimee: "inline" })).toThrow(/unknown option "runtimee"\. Known options: "runtime", "drain", "explain", "trace"/);
  });

  test("a bad value names the option and its allowed values", () => {
    expect(() => validateOptions({ runtime: "bundle" })).toThrow(/option "runtime" must be one of "import", "inline", "global"; got "bundle"/);
  });

  test("drain takes a boolean", () => {
    expect(validateOptions({ drain: true }).drain).toBe(true);
    expect(() => validateOptions({ drain: "yes" })).toThrow(/option "drain" must be true or false; got "yes"/);
  });

  test("trace takes a boolean", () => {
    expect(validateOptions({ trace: true }).trace).toBe(true);
    expect(() => validateOptions({ trace: 1 })).toThrow(/option "trace" must be true or false; got 1/);
  });

  test("options must be an object", () => {
    expect(() => validateOptions("inline")).toThrow(/options must be an object/);
  });
});
