// Recursive `yield*`: in-order walk of a balanced binary tree of n nodes (the tree is built once
// per size, outside the timed work after the first run).
function build(lo, hi) {
  if (lo > hi) return null;
  const mid = (lo + hi) >> 1;
  return { value: mid, left: build(lo, mid - 1), right: build(mid + 1, hi) };
}

function* walk(node) {
  if (node.left !== null) yield* walk(node.left);
  yield node.value;
  if (node.right !== null) yield* walk(node.right);
}

let tree = null;
let treeSize = -1;

export default function run(n) {
  if (treeSize !== n) {
    tree = build(0, n - 1);
    treeSize = n;
  }
  let sum = 0;
  let previous = -1;
  for (const value of walk(tree)) {
    // The order matters too: an in-order walk sees 0, 1, 2, ...
    if (value !== previous + 1) return -1;
    previous = value;
    sum += value;
  }
  return sum;
}
