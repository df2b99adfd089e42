// A generator-based lexer over an n-character (1 MB) JavaScript-like text: one token object per
// `yield`, consumed by `for-of`. The text is made once per size, outside the timed work after the
// first run. lexer-async.mjs is the same lexer as async generators; both give the same checksum.
const IDENT = 1;
const NUMBER = 2;
const STRING = 3;
const COMMENT = 4;
const PUNCT = 5;

function makeSource(size) {
  const words = ["function", "return", "value", "index", "if", "else", "const", "let", "yield", "await", "x", "total", "node", "next_1"];
  const puncts = "(){}[];,.=+-*/<>!&|?:";
  let seed = 12345;
  const random = (k) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return (seed >> 8) % k;
  };
  const parts = [];
  let length = 0;
  while (length < size) {
    let piece;
    const r = random(10);
    if (r < 4) piece = words[random(words.length)];
    else if (r < 6) piece = String(random(100000));
    else if (r < 7) piece = '"' + words[random(words.length)] + " " + random(1000) + '"';
    else if (r < 8) piece = "// " + words[random(words.length)] + " " + words[random(words.length)];
    else piece = puncts[random(puncts.length)];
    piece += random(4) === 0 || r === 7 ? "\n" : " ";
    parts.push(piece);
    length += piece.length;
  }
  return parts.join("").slice(0, size);
}

function isIdentStart(c) {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
function isIdentPart(c) {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c) {
  return c >= 48 && c <= 57;
}

function* tokens(src) {
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 10) {
      i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      yield { kind: IDENT, start, end: i };
    } else if (isDigit(c)) {
      i++;
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      yield { kind: NUMBER, start, end: i };
    } else if (c === 34) {
      i++;
      while (i < n && src.charCodeAt(i) !== 34) i++;
      if (i < n) i++;
      yield { kind: STRING, start, end: i };
    } else if (c === 47 && src.charCodeAt(i + 1) === 47) {
      while (i < n && src.charCodeAt(i) !== 10) i++;
      yield { kind: COMMENT, start, end: i };
    } else {
      i++;
      yield { kind: PUNCT, start, end: i };
    }
  }
}

let text = "";

export default function run(n) {
  if (text.length !== n) text = makeSource(n);
  let hash = 0;
  let count = 0;
  for (const token of tokens(text)) {
    hash = (Math.imul(hash, 31) + token.kind * 1000 + (token.end - token.start)) | 0;
    count++;
  }
  return hash + count * 4294967296;
}
