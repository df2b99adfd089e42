// An async generator consumed by `for await`: n items.
async function* numbers(n) {
  for (let i = 0; i < n; i++) yield i;
}

export default async function run(n) {
  let sum = 0;
  for await (const value of numbers(n)) sum += value;
  return sum;
}
