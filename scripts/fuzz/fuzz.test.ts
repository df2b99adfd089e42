// A bounded pass of the differential fuzzer (scripts/fuzz/index.mjs): a fixed range of
// seeds, small programs, checked in this process. Every program must behave the same
// natively and lowered, the plugin must not crash, and its output must be ES5/ES3 where the
// plugin promises it (syntax the user wrote and the plugin leaves to other plugins is not checked);
// every construct the generator knows must have been used at least once.
// A failing seed is reproduced, shrunk and written to fuzz-failures/ by
//   npm run fuzz -- --seed <seed> --count 1 --size small
import { beforeAll, describe, expect, test } from "@jest/globals";
import { checkInputSyntax, getPlugin } from "../../fixtures/harness.mjs";
import { checkProgram } from "./check.mjs";
import { generateProgram } from "./generate.mjs";
import { coverage } from "./report.mjs";

const FIRST_SEED = 1;
const COUNT = 300;
const SIZE = "small";
const FEATURES = "all";

// A lowering that loses a rejection must show in the transcript, not end the test run.
process.on("unhandledRejection", () => {});

interface Failure {
  kind: string;
  signature: string;
  constructs?: string[];
}

const invalid: string[] = [];
const failures: Array<{ seed: number; failure: Failure }> = [];
const features: Array<Record<string, number>> = [];

/** "seed N: …" lines of one failure kind. */
function listed(kind: string): string[] {
  return failures
    .filter((f) => f.failure.kind === kind)
    .map((f) => `seed ${f.seed}: ${String(f.failure.signature).slice(0, 200)}`);
}

describe(`fuzz, seeds ${FIRST_SEED}..${FIRST_SEED + COUNT - 1} (--size ${SIZE} --features ${FEATURES})`, () => {
  beforeAll(async () => {
    getPlugin(); // fails early, with a hint, when the plugin is not built
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
      const program = generateProgram(seed, { features: FEATURES, size: SIZE });
      features.push(program.features);
      // Like a fixture's input.js: ES5 outside generator and async functions (unless the program
      // declares classes there: generate.mjs's es2015 programs).
      if (!program.es2015) for (const problem of checkInputSyntax(program.code, `seed ${seed}`)) invalid.push(problem);
      const result = await checkProgram(program.code, { timeout: 5000 });
      if (result.status === "invalid") invalid.push(`seed ${seed}: ${result.invalid}`);
      for (const failure of result.failures) failures.push({ seed, failure });
    }
  }, 175000);

  test("the generated programs are valid: ES5 outside coroutines (but for es2015 programs' classes), and they run natively without errors", () => {
    expect(invalid).toEqual([]);
  });

  test("the plugin does not crash and its output parses", () => {
    expect(listed("crash")).toEqual([]);
  });

  test("native and lowered transcripts agree", () => {
    expect(listed("behaviour")).toEqual([]);
  });

  test("the output is ES5 and ES3 where the plugin promises it (see classifyNonEs5 in check.mjs)", () => {
    // Grouped by construct: which non-ES5 syntax the plugin left in the output, in how many programs.
    const seeds: Record<string, number[]> = {};
    for (const { seed, failure } of failures) {
      if (failure.kind !== "syntax") continue;
      for (const construct of failure.constructs ?? [failure.signature]) (seeds[construct] ??= []).push(seed);
    }
    const byConstruct: Record<string, string> = {};
    for (const [construct, list] of Object.entries(seeds)) {
      byConstruct[construct] = `${list.length} program(s), seeds ${list.slice(0, 8).join(", ")}${list.length > 8 ? ", …" : ""}`;
    }
    expect(byConstruct).toEqual({});
  });

  test("every construct of the generator was used", () => {
    expect(coverage(features, FEATURES).missing).toEqual([]);
  });
});

// The same check with the runtime inlined: each file carries the runtime's pieces it uses
// (plugin/runtime-pieces.ts), so a program using something the plugin left out would fail its
// lowered run. A shorter range: the inlined runtime makes each run slower.
const INLINE_COUNT = 60;
describe(`fuzz, runtime "inline", seeds ${FIRST_SEED}..${FIRST_SEED + INLINE_COUNT - 1} (--size ${SIZE} --runtime inline)`, () => {
  test("native and lowered transcripts agree, and the plugin does not crash", async () => {
    const found: string[] = [];
    for (let seed = FIRST_SEED; seed < FIRST_SEED + INLINE_COUNT; seed++) {
      const program = generateProgram(seed, { features: FEATURES, size: SIZE });
      const result = await checkProgram(program.code, { timeout: 5000, runtime: "inline" });
      // ES5 output is the first pass's check (same seeds, same lowering; the runtime pieces are ES5).
      for (const failure of result.failures) if (failure.kind !== "syntax") found.push(`seed ${seed}: ${failure.kind}: ${String(failure.signature).slice(0, 200)}`);
    }
    expect(found).toEqual([]);
  }, 120000);
});
