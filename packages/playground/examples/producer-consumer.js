// A producer/consumer pipeline driven by next(v): values are pushed into
// generators instead of pulled out of them. Each stage waits at `yield`
// for the next value and passes its result on to the stage after it.

function* consumer() {
  let total = 0;
  try {
    for (;;) {
      const item = yield;          // wait for the producer to send something
      total += item;
      console.log("consumed", item, "total", total);
    }
  } finally {
    console.log("consumer closed with total", total);
  }
}

function* doubler(next) {
  next.next();                     // run `next` up to its first yield
  for (;;) {
    const value = yield;
    next.next(value * 2);
  }
}

function* filterOdd(next) {
  next.next();
  for (;;) {
    const value = yield;
    if (value % 2 === 1) next.next(value);
    else console.log("dropped", value);
  }
}

function produce(values, sink) {
  sink.next();                     // prime the pipeline
  for (const value of values) {
    console.log("produce", value);
    sink.next(value);
  }
}

const last = consumer();
const pipeline = filterOdd(doubler(last));
produce([1, 2, 3, 4, 5], pipeline);
last.return();                     // closing the last stage runs its finally block
console.log("pipeline done");
