// A lexer written as a generator: it reads characters and yields tokens one
// at a time, keeping its place (line, column, what it was in the middle of)
// in ordinary local variables between `yield`s. A parser pulls the tokens
// it needs, when it needs them, and an evaluator runs the little programs.
// (About 200 lines: the example the playground times recompiling.)

const KEYWORDS = ["let", "print", "if", "then", "else", "end", "while", "do"];

function isDigit(c) {
  return c >= "0" && c <= "9";
}
function isLetter(c) {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}
function isSpace(c) {
  return c === " " || c === "\t" || c === "\r";
}

function* characters(text) {
  for (let i = 0; i < text.length; i++) yield text[i];
}

function* tokens(text) {
  const input = characters(text);
  let line = 1;
  let column = 0;
  let step = input.next();
  const advance = () => {
    column++;
    step = input.next();
  };
  while (!step.done) {
    const c = step.value;
    const where = line + ":" + (column + 1);
    if (c === "\n") {
      yield { type: "newline", where };
      line++;
      column = 0;
      step = input.next();
    } else if (isSpace(c)) {
      advance();
    } else if (c === "#") {
      // A comment runs to the end of the line.
      while (!step.done && step.value !== "\n") advance();
    } else if (isDigit(c)) {
      let digits = "";
      while (!step.done && isDigit(step.value)) {
        digits += step.value;
        advance();
      }
      yield { type: "number", value: Number(digits), where };
    } else if (isLetter(c)) {
      let word = "";
      while (!step.done && (isLetter(step.value) || isDigit(step.value))) {
        word += step.value;
        advance();
      }
      yield KEYWORDS.indexOf(word) >= 0 ? { type: word, where } : { type: "name", value: word, where };
    } else if ("+-*/()=<>".indexOf(c) >= 0) {
      advance();
      yield { type: c, where };
    } else {
      throw new SyntaxError("unexpected " + JSON.stringify(c) + " at " + where);
    }
  }
  yield { type: "end of input", where: line + ":" + (column + 1) };
}

// The parser: recursive descent over a token stream it pulls from.
function parser(text) {
  const stream = tokens(text);
  let token = stream.next().value;
  const next = () => {
    const current = token;
    token = stream.next().value;
    return current;
  };
  const expect = (type) => {
    if (token.type !== type) throw new SyntaxError("expected " + type + " but found " + token.type + " at " + token.where);
    return next();
  };
  const skipNewlines = () => {
    while (token.type === "newline") next();
  };

  function primary() {
    if (token.type === "number") return { kind: "number", value: next().value };
    if (token.type === "name") return { kind: "variable", name: next().value };
    if (token.type === "-") {
      next();
      return { kind: "negate", operand: primary() };
    }
    expect("(");
    const inner = expression();
    expect(")");
    return inner;
  }
  function binary(operand, operators) {
    return function () {
      let left = operand();
      while (operators.indexOf(token.type) >= 0) {
        const operator = next().type;
        left = { kind: "binary", operator, left, right: operand() };
      }
      return left;
    };
  }
  const product = binary(primary, ["*", "/"]);
  const sum = binary(product, ["+", "-"]);
  const expression = binary(sum, ["<", ">", "="]);

  function block(...terminators) {
    const statements = [];
    skipNewlines();
    while (terminators.indexOf(token.type) < 0) {
      statements.push(statement());
      skipNewlines();
    }
    return statements;
  }
  function statement() {
    if (token.type === "let") {
      next();
      const name = expect("name").value;
      expect("=");
      return { kind: "let", name, value: expression() };
    }
    if (token.type === "print") {
      next();
      return { kind: "print", value: expression() };
    }
    if (token.type === "if") {
      next();
      const test = expression();
      expect("then");
      const then = block("else", "end");
      const otherwise = token.type === "else" ? (next(), block("end")) : [];
      expect("end");
      return { kind: "if", test, then, otherwise };
    }
    if (token.type === "while") {
      next();
      const test = expression();
      expect("do");
      const body = block("end");
      expect("end");
      return { kind: "while", test, body };
    }
    throw new SyntaxError("unexpected " + token.type + " at " + token.where);
  }
  return block("end of input");
}

function evaluate(program) {
  const variables = {};
  const value = (node) => {
    switch (node.kind) {
      case "number":
        return node.value;
      case "variable":
        if (!(node.name in variables)) throw new ReferenceError(node.name + " is not defined");
        return variables[node.name];
      case "negate":
        return -value(node.operand);
      case "binary": {
        const a = value(node.left);
        const b = value(node.right);
        if (node.operator === "+") return a + b;
        if (node.operator === "-") return a - b;
        if (node.operator === "*") return a * b;
        if (node.operator === "/") return Math.floor(a / b);
        if (node.operator === "<") return a < b ? 1 : 0;
        if (node.operator === ">") return a > b ? 1 : 0;
        return a === b ? 1 : 0;
      }
    }
  };
  const run = (statements) => {
    for (const s of statements) {
      if (s.kind === "let") variables[s.name] = value(s.value);
      else if (s.kind === "print") console.log("  prints", value(s.value));
      else if (s.kind === "if") run(value(s.test) ? s.then : s.otherwise);
      else while (value(s.test)) run(s.body);
    }
  };
  run(program);
  return variables;
}

const source = [
  "let n = 5   # count down from five",
  "let total = 0",
  "while n > 0 do",
  "  let total = total + n * n",
  "  let n = n - 1",
  "end",
  "if total > 50 then print total else print 0 - total end",
].join("\n");

const firstTokens = [];
for (const token of tokens(source)) {
  if (firstTokens.length === 8) break; // stops the lexer early: break calls its return()
  firstTokens.push(token.type + (token.value !== undefined ? " " + token.value : ""));
}
console.log("first tokens:", firstTokens.join(", "));
console.log("variables:", evaluate(parser(source)));
try {
  parser("let x = (1 + 2");
} catch (error) {
  console.log(error.name + ": " + error.message);
}
