// Generator iteration by `for-of`: 1e6 items from one generator.
function* numbers(n) {
  for (let i = 0; i < n; i++) yield i;
}

export default function run(n) {
  let sum = 0;
  for (const value of numbers(n)) sum += value;
  return sum;
}
