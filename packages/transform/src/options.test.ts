import { describe, expect, test } from "@jest/globals";
import { validateOptions } from "./options.js";

describe("validateOptions", () => {
  test("defaults to importing the runtime", () => {
    expect(validateOptions(undefined)).toEqual({ runtime: "import" });
    expect(validateOptions({})).toEqual({ runtime: "import" });
  });

  test("accepts every documented runtime mode", () => {
    expect(validateOptions({ runtime: "inline" }).runtime).toBe("inline");
    expect(validateOptions({ runtime: "import" }).runtime).toBe("import");
  });

  test("an unknown option is named, with the known ones", () => {
    expect(() => validateOptions({ runtimee: "inline" })).toThrow(/unknown option "runtimee"\. Known options: "runtime"/);
  });

  test("a bad value names the option and its allowed values", () => {
    expect(() => validateOptions({ runtime: "bundle" })).toThrow(/option "runtime" must be one of "import", "inline"; got "bundle"/);
  });

  test("options must be an object", () => {
    expect(() => validateOptions("inline")).toThrow(/options must be an object/);
  });
});
