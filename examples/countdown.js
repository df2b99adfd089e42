// One generator: it pauses at each `yield`, gets values back through next(),
// can return early, and runs its `finally` even when stopped from outside.
function* countdown(from) {
  try {
    for (let n = from; n > 0; n--) {
      const command = yield n;
      if (command === "stop") return "stopped early";
    }
    return "liftoff";
  } finally {
    console.log("  (finally: cleaning up)");
  }
}
