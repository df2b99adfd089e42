// try/finally cleanup when a generator is stopped early: `break` out of
// for-of calls the generator's return(), which runs its finally blocks,
// innermost first, before the loop goes on.

function* lines(name, texts) {
  console.log("open", name);
  try {
    for (const text of texts) {
      try {
        yield text;
      } finally {
        console.log("  done with line", JSON.stringify(text));
      }
    }
  } finally {
    console.log("close", name);
  }
}

for (const line of lines("notes.txt", ["first", "second", "third"])) {
  console.log("read", line);
  if (line === "second") break;   // stop early: return() is called
}

// The same by hand: return(v) resumes the generator at its yield as a `return v`.
const reader = lines("log.txt", ["a", "b"]);
console.log(reader.next());
console.log(reader.return("stopped"));
console.log(reader.next());
