// Every benchmark workload, compiled by every variant (scripts/bench/variants.mjs), gives native's
// checksum at a small size. No timing here: `npm run bench` measures.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
// @ts-expect-error -- plain ESM modules without type declarations
import { VARIANTS, compileAll, load, makeScratchDir, removeScratchDir } from "./variants.mjs";
// @ts-expect-error -- plain ESM module without type declarations
import { workloads } from "./workloads/index.mjs";

type Workload = { id: string; kind: "sync" | "async"; small: number[] };
type Compiled = Record<string, Record<string, { file: string; code: string; note: string }>>;

const list = workloads as Workload[];
const variants = (VARIANTS as { id: string }[]).map((v) => v.id).filter((id) => id !== "native");
let dir: string;
let compiled: Compiled;

beforeAll(() => {
  dir = makeScratchDir("test");
  compiled = compileAll(dir, list.map((w) => w.id));
});

afterAll(() => {
  if (dir) removeScratchDir(dir);
});

describe("benchmark workloads give native's checksum in every variant", () => {
  for (const workload of list) {
    test(workload.id, async () => {
      const native = await (await load(compiled[workload.id].native.file))(...workload.small);
      expect(typeof native).toBe("number");
      const got: Record<string, unknown> = {};
      for (const variant of variants) {
        got[variant] = await (await load(compiled[workload.id][variant].file))(...workload.small);
      }
      expect(got).toEqual(Object.fromEntries(variants.map((v) => [v, native])));
    });
  }
});
