// Builds dist/runtime.js: the whole runtime as one ES5 script, for engines and pages without a
// module system and for the plugin's `runtime: "inline"` mode.
//
// lib/ holds one CommonJS module per idea (tsc output). Each is wrapped in a function and linked
// by a ten-line `require`, inside one function expression whose value is the runtime's exports:
//
//     var stepwise = (function () { ...modules...; return require("./index"); })();
//
// The script declares exactly one variable, `stepwise`, and writes no other global.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(root, "lib");
const modules = readdirSync(lib)
  .filter((f) => f.endsWith(".js"))
  .sort()
  .map((f) => {
    const name = "./" + f.replace(/\.js$/, "");
    const code = readFileSync(join(lib, f), "utf8").replace(/^"use strict";\n/, "");
    return `    ${JSON.stringify(name)}: function (exports, require) {\n"use strict";\n${code}\n    }`;
  });

const script = `/* @stepwise/runtime ${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}: one ES5 script, one variable. */
var stepwise = (function () {
  var definitions = {
${modules.join(",\n")}
  };
  var loaded = {};
  function require(name) {
    if (!loaded.hasOwnProperty(name)) {
      var exports = (loaded[name] = {});
      definitions[name](exports, require);
    }
    return loaded[name];
  }
  return require("./index");
})();
`;
mkdirSync(join(root, "dist"), { recursive: true });
writeFileSync(join(root, "dist", "runtime.js"), script);
console.log("dist/runtime.js: " + script.length + " bytes");
