#!/usr/bin/env node
// The `stepwise` command (`npx stepwise`): starts lib/cli/cli.js. This launcher is committed, not
// built, so that npm links the bin when it installs the workspace (npm only links a bin whose file
// exists then, which lib/cli/cli.js does not before `npm run build`).
try {
  await import("../lib/cli/cli.js");
} catch (error) {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.url || error.message).includes("/lib/cli/cli.js")) {
    console.error("stepwise: the command is not built yet: run `npm run build` in @stepwise/babel-plugin (or the repository).");
    process.exitCode = 1;
  } else {
    throw error;
  }
}
