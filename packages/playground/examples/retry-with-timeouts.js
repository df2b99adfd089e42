// A retry loop with await and timeouts: call a flaky service, give each
// attempt a deadline, wait longer after each failure, give up after a few.

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let calls = 0;
// A pretend service: slow on the first call, failing on the second, fine after.
function fetchQuote() {
  calls++;
  const call = calls;
  return new Promise((resolve, reject) => {
    if (call === 1) setTimeout(() => resolve("late quote"), 500);
    else if (call === 2) setTimeout(() => reject(new Error("service unavailable")), 20);
    else setTimeout(() => resolve("a fresh quote"), 30);
  });
}

function withTimeout(promise, ms) {
  const timeout = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("timed out after " + ms + " ms")), ms);
  });
  return Promise.race([promise, timeout]);
}

async function retry(task, attempts) {
  let delay = 50;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const value = await withTimeout(task(), 100);
      console.log("attempt", attempt, "succeeded");
      return value;
    } catch (error) {
      console.log("attempt", attempt, "failed:", error.message);
      if (attempt === attempts) throw error;
      await sleep(delay);
      delay *= 2;
    }
  }
}

retry(fetchQuote, 4).then(
  (value) => console.log("result:", value),
  (error) => console.log("gave up:", error.message),
);
