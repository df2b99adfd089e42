// An await loop over values that are already resolved: n awaits of resolved promises and plain
// values, alternately.
const resolved = [];
for (let i = 0; i < 256; i++) resolved.push(Promise.resolve(i));

export default async function run(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += (i & 1) === 0 ? await resolved[i & 255] : await i;
  }
  return sum;
}
