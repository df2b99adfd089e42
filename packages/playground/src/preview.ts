/**
 * Short previews of values for the panels (a machine's `sent`, a pending completion's value):
 * one line, at most a few dozen characters, and read without running any of the program's code —
 * only own data properties are read, an accessor shows as `[Getter]` — so looking at a machine
 * never changes what the program does.
 */
const MAX = 48;

function clip(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

function safeTag(value: object): string {
  try {
    return Object.prototype.toString.call(value).slice(8, -1);
  } catch {
    return "Object";
  }
}

function inner(value: unknown, depth: number): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "string":
      return depth === 0 ? JSON.stringify(value) : `'${value}'`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
      return String(value);
    case "symbol":
      return value.toString();
    case "function": {
      const name = Object.getOwnPropertyDescriptor(value, "name");
      return `[Function ${name && typeof name.value === "string" && name.value ? name.value : "(anonymous)"}]`;
    }
  }
  const object = value as object;
  const tag = safeTag(object);
  if (tag === "Error") {
    const name = Object.getOwnPropertyDescriptor(object, "message");
    return `Error${name && typeof name.value === "string" ? `: ${name.value}` : ""}`;
  }
  if (depth >= 2) return Array.isArray(object) ? "[…]" : "{…}";
  const parts: string[] = [];
  const keys = Object.keys(object).slice(0, 6);
  for (const key of keys) {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    const shown = descriptor === undefined ? "" : "value" in descriptor ? inner(descriptor.value, depth + 1) : "[Getter]";
    parts.push(Array.isArray(object) ? shown : `${key}: ${shown}`);
  }
  if (Object.keys(object).length > keys.length) parts.push("…");
  if (Array.isArray(object)) return `[${parts.join(", ")}]`;
  const label = tag === "Object" ? "" : `${tag} `;
  return `${label}{${parts.length ? ` ${parts.join(", ")} ` : ""}}`;
}

/** One line describing `value`, without calling into it. */
export function preview(value: unknown): string {
  try {
    return clip(inner(value, 0));
  } catch {
    return "…";
  }
}
