#!/usr/bin/env node
// Turns a fuzz reproducer into a fixture case:
//   node scripts/fuzz/to-fixture.mjs fuzz-failures/seed-123.js fuzz-yield-in-spread-order
// writes fixtures/generators/<name>/input.js (async-generators/ when the program has an async
// generator, async-functions/ when it has other async code), without the reproducer's
// header comments, after checking it is ES5 outside coroutines (checkInputSyntax; a program with
// classes there, an es2015 one, gets options.json { "es5": false }). Then
// review it (give it a comment saying what it pins down) and run `npm run fixtures -- <name>`
// or the tests to write output.js.
import fs from "node:fs";
import path from "node:path";
import { parse } from "@babel/parser";
import { checkInputSyntax, fixturesDir } from "../../fixtures/harness.mjs";

const [file, name] = process.argv.slice(2);
if (!file || !name || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
  console.error("usage: node scripts/fuzz/to-fixture.mjs <reproducer.js> <kebab-case-name>");
  process.exit(2);
}
const source = fs.readFileSync(file, "utf8");
const lines = source.split("\n");
let start = 0;
while (start < lines.length && lines[start].startsWith("//")) start++;
const code = lines.slice(start).join("\n").trimEnd() + "\n";

let isAsync = false;
let isAsyncGenerator = false;
const visit = (node) => {
  if (!node || typeof node.type !== "string") return;
  if (node.async || node.type === "AwaitExpression" || (node.type === "ForOfStatement" && node.await)) isAsync = true;
  if (node.async && node.generator) isAsyncGenerator = true;
  for (const key of Object.keys(node)) {
    if (key === "loc") continue;
    const v = node[key];
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") visit(v);
  }
};
visit(parse(code, { sourceType: "script" }).program);

const group =
  isAsyncGenerator && fs.existsSync(path.join(fixturesDir, "async-generators"))
    ? "async-generators"
    : isAsync
      ? "async-functions"
      : "generators";
const dir = path.join(fixturesDir, group, name);
if (fs.existsSync(dir)) {
  console.error(`to-fixture: ${path.relative(process.cwd(), dir)} exists already`);
  process.exit(1);
}
// An es2015 program (classes outside coroutines, see generate.mjs) becomes an "es5": false case.
const problems = checkInputSyntax(code, `${group}/${name}/input.js`);
const es2015 = /^class /m.test(code);
if (problems.length && !es2015) {
  console.error(`to-fixture: the program is not ES5 outside coroutines:\n${problems.join("\n")}`);
  process.exit(1);
}
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "input.js"), code);
if (problems.length) fs.writeFileSync(path.join(dir, "options.json"), '{ "es5": false }\n');
console.log(`wrote ${path.relative(process.cwd(), path.join(dir, "input.js"))}; next: review it, then \`npm run fixtures -- ${name}\``);
