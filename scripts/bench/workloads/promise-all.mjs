// `Promise.all` fan-out: n rounds of 10,000 concurrent async calls, each awaiting twice.
async function task(i) {
  const doubled = (await i) * 2;
  await null;
  return doubled + 1;
}

async function fanOut(width) {
  const pending = [];
  for (let i = 0; i < width; i++) pending.push(task(i));
  const results = await Promise.all(pending);
  let sum = 0;
  for (let i = 0; i < results.length; i++) sum += results[i];
  return sum;
}

export default async function run(n, width = 10000) {
  let sum = 0;
  for (let round = 0; round < n; round++) sum += await fanOut(width);
  return sum;
}
