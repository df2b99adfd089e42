// Yields inside try/catch/finally in a loop: every fourth round the consumer's answer makes the
// body throw, and the catch block yields too; the finally block counts every round.
function* guarded(n, log) {
  for (let i = 0; i < n; i++) {
    try {
      const answer = yield i;
      if (answer % 4 === 0) throw answer;
      yield answer * 2;
    } catch (error) {
      yield -error;
    } finally {
      log.rounds++;
    }
  }
  return log.rounds;
}

export default function run(n) {
  const log = { rounds: 0 };
  const it = guarded(n, log);
  let sum = 0;
  let step = it.next();
  while (!step.done) {
    sum += step.value;
    step = it.next(step.value + 1);
  }
  return sum + step.value * 3;
}
