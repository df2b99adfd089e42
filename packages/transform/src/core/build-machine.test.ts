import { describe, expect, test } from "@jest/globals";
import { transformSync } from "@babel/core";
import stepwise from "../index.js";

function lower(code: string, options: object = {}): string {
  return transformSync(code, { filename: "input.js", babelrc: false, configFile: false, sourceType: "script", plugins: [[stepwise, options]] })!.code!;
}

const loop = `function* g(n) {
  while (n > 0) {
    yield "case 1, quoted" + n--;
  }
}`;

describe("resume retargeting", () => {
  test("a yield at the end of a loop body resumes at the loop test, and the case that only jumped there is gone", () => {
    const code = lower(loop);
    expect(code).toContain('return _ctx.yield("case 1, quoted" + n--, 0);');
    expect(code).not.toMatch(/case \d+:\s*_ctx\.state = 0;\s*continue;/);
  });

  test("in explain mode the comment names the case the machine really resumes at, and quoted source stays as written", () => {
    const code = lower(loop, { explain: true });
    expect(code).toContain('suspends at `yield "case 1, quoted" + n--`: the value goes out; next(v) resumes at case 0 with v in _ctx.sent');
  });

  test("a resume case in another try region than its chain's end is kept (throw() is routed from the suspended state)", () => {
    const code = lower(`function* g() { while (true) { try { yield 1; } catch (e) {} finally { log(); } } }`);
    expect(code).toMatch(/return _ctx\.yield\(1, (\d+)\);[\s\S]*case \1:\s*_ctx\.state = \d+;\s*continue;/);
  });
});
