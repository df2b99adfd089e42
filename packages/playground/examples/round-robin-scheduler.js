// A round-robin scheduler: the "event loop in one thread" of the textbook.
// Each task is a generator; `yield` means "let someone else run".
// The scheduler resumes whichever task can go on, one step at a time,
// until all of them are done.

function* counter(name, limit) {
  for (let i = 1; i <= limit; i++) {
    console.log(name, "counts", i);
    yield; // give the others a turn
  }
  return name + " counted to " + limit;
}

function* pinger(rounds) {
  let pongs = 0;
  while (pongs < rounds) {
    console.log("ping", pongs);
    const reply = yield "waiting for a pong";
    if (reply === "pong") pongs++;
  }
  return "pinged " + pongs + " times";
}

function run(tasks) {
  const queue = tasks.map((task, id) => ({ id, task, send: undefined }));
  while (queue.length > 0) {
    const current = queue.shift();
    const step = current.task.next(current.send);
    if (step.done) {
      console.log("task", current.id, "finished:", step.value);
    } else {
      // Anything the task asked for is answered on its next turn.
      current.send = step.value === "waiting for a pong" ? "pong" : undefined;
      queue.push(current);
    }
  }
}

run([counter("a", 3), pinger(2), counter("b", 2)]);
