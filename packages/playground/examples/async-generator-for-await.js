// An async generator feeding `for await`: each value is produced after a
// pause (a timer), and the loop waits for it. The generator's requests
// queue up: the consumer asks for the next value, the generator answers
// when it has one.

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function* ticker(count, every) {
  try {
    for (let tick = 1; tick <= count; tick++) {
      await sleep(every);
      yield "tick " + tick;
    }
  } finally {
    console.log("ticker stopped");
  }
}

async function* take(source, limit) {
  let taken = 0;
  for await (const value of source) {
    if (taken++ === limit) return;   // leaving the loop closes `source` too
    yield value.toUpperCase();
  }
}

async function main() {
  for await (const value of take(ticker(5, 100), 3)) {
    console.log("got", value);
  }
  console.log("main done");
}

main();
console.log("main started; the loop waits for the first tick");
