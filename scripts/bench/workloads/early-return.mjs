// Early exit from `for-of`: n generators are each left by `break` after a few items, so `for-of`
// calls their `return()`, which runs their `finally` blocks.
function* take(limit, log) {
  try {
    for (let i = 0; i < limit; i++) yield i;
  } finally {
    log.closed++;
  }
}

export default function run(n) {
  const log = { closed: 0 };
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const stop = k % 8;
    for (const value of take(16, log)) {
      sum += value;
      if (value === stop) break;
    }
  }
  return sum * 2 + log.closed;
}
