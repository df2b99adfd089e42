// Generator iteration driven by hand: 1e6 `.next()` calls on one generator.
function* numbers(n) {
  for (let i = 0; i < n; i++) yield i;
}

export default function run(n) {
  const it = numbers(n);
  let sum = 0;
  let step = it.next();
  while (!step.done) {
    sum += step.value;
    step = it.next();
  }
  return sum;
}
