// The README's walk-through: one generator that pauses at each `yield`,
// gets values back through next(), can return early, and runs its
// `finally` even when stopped from outside.
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

const g = countdown(2);
console.log(g.next());
console.log(g.next());
console.log(g.next("stop"));
console.log(g.next());
