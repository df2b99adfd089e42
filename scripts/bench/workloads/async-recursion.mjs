// Async recursion: n calls of an async function that awaits itself `depth` (500) levels deep.
async function depthOf(level) {
  if (level === 0) return 0;
  return 1 + (await depthOf(level - 1));
}

export default async function run(n, depth = 500) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await depthOf(depth);
  return sum;
}
