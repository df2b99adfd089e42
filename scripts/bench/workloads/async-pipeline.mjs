// A two-stage async-generator pipeline: a source, a stage that maps and filters with `for await`
// inside an async generator, and a `for await` consumer: n items in.
async function* source(n) {
  for (let i = 0; i < n; i++) yield i;
}

async function* transform(input) {
  for await (const value of input) {
    if (value % 3 !== 0) yield value * 2 + 1;
  }
}

export default async function run(n) {
  let sum = 0;
  let count = 0;
  for await (const value of transform(source(n))) {
    sum += value;
    count++;
  }
  return sum + count;
}
