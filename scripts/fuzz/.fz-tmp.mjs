// node /tmp/crashes/fz.mjs SEED [size]: print where the output fails to parse
import { generateProgram } from "/work/wt/crashes/scripts/fuzz/generate.mjs";
import { transformFixture } from "/work/wt/crashes/fixtures/harness.mjs";
import { parse } from "@babel/parser";
const seed = +process.argv[2];
const p = generateProgram(seed, { size: process.argv[3] || "small" });
let out;
try { out = transformFixture(p.code, { filename: "fuzz.js", options: { runtime: "import" } }); } catch (e) { console.log("CRASH", e.message.slice(0, 500)); process.exit(0); }
try { parse(out, { sourceType: "script" }); console.log("parses"); } catch (e) { const l = out.split("\n"); console.log(e.message); console.log(l.slice(Math.max(0, e.loc.line - 3), e.loc.line + 1).join("\n")); }
