// A `yield*` chain `depth` generators deep (1,000 by default): every item produced at the bottom
// passes through each level on its way out, and each level adds to the final return value.
function* chain(depth, items) {
  if (depth === 0) {
    for (let i = 0; i < items; i++) yield i;
    return items;
  }
  const result = yield* chain(depth - 1, items);
  return result + 1;
}

export default function run(n, depth = 1000) {
  const it = chain(depth, n);
  let sum = 0;
  let step = it.next();
  while (!step.done) {
    sum += step.value;
    step = it.next();
  }
  return sum + step.value;
}
