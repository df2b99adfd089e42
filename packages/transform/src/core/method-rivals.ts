/**
 * What may stand under a lowered method's key by the time the runtime marks the method
 * (method-identity.ts): the runtime looks the method up by its key, so a later member that
 * defines the same key first would have it mark someone else's function. Those later members are
 * the method's *rivals*:
 *
 *     { *m() {}, get m() {} }          a later member with the same key: m is never looked up
 *     { *m() {}, ...props }            a spread after it: never looked up (props.m is not ours)
 *     { *m() {}, [k]() {} }            a later computed key: looked up unless k turns out to be "m"
 *     class { static *m() {} static m; static x = f(); }
 *                                      a static field before the marking point (the first static
 *                                      element that runs code, where a class is marked) replaces it
 *
 * For a class, the members that define properties when the class is defined (methods, accessors,
 * auto-accessors) are rivals of earlier ones on the same home (the class for static members, its
 * prototype otherwise); the static fields that run before the marking point come after them all.
 * Instance fields are defined on instances, never on the prototype.
 */
import type * as BabelTypes from "@babel/types";
import type { Node } from "@babel/types";

type ClassMember = BabelTypes.ClassBody["body"][number];
type LiteralMember = BabelTypes.ObjectExpression["properties"][number];

/** A member that defines a property under a key. */
export type Keyed = BabelTypes.ObjectMethod | BabelTypes.ObjectProperty | BabelTypes.ClassMethod | BabelTypes.ClassProperty | BabelTypes.ClassAccessorProperty;

/** A class's static field or block that runs code as the class is defined (a value, a block). */
export type StaticCode = BabelTypes.StaticBlock | BabelTypes.ClassProperty | BabelTypes.ClassPrivateProperty | BabelTypes.ClassAccessorProperty;

/**
 * The first static element of a class that runs code (a static block, a static field or
 * auto-accessor with a value), before which its methods are marked; null when none does (then
 * nothing runs between the class's definition and its end).
 */
export function markingPoint(body: BabelTypes.ClassBody): StaticCode | null {
  for (const member of body.body) {
    if (member.type === "StaticBlock") return member;
    if ((member.type === "ClassProperty" || member.type === "ClassPrivateProperty" || member.type === "ClassAccessorProperty") && member.static && member.value != null) {
      return member;
    }
  }
  return null;
}

/**
 * The rivals of `member` (a lowered method of `container`), in the order they define their keys,
 * or "spread" when a spread comes after it (what it defines cannot be known).
 */
export function rivalsOf(container: BabelTypes.ObjectExpression | BabelTypes.ClassBody, member: Keyed, point: StaticCode | null): Keyed[] | "spread" {
  if (container.type === "ObjectExpression") return literalRivals(container.properties, member);
  const home = (member as BabelTypes.ClassMethod).static === true;
  const members = container.body;
  const rivals: Keyed[] = [];
  for (let i = members.indexOf(member as ClassMember) + 1; i < members.length; i++) {
    const rival = members[i]!;
    if ((rival.type === "ClassMethod" && rival.kind !== "constructor") || rival.type === "ClassAccessorProperty") {
      if (rival.static === home) rivals.push(rival);
    }
  }
  if (home) {
    for (const rival of members) {
      if (rival === point) break;
      if (rival.type === "ClassProperty" && rival.static) rivals.push(rival);
    }
  }
  return rivals;
}

function literalRivals(members: LiteralMember[], member: Keyed): Keyed[] | "spread" {
  const rivals: Keyed[] = [];
  for (let i = members.indexOf(member as LiteralMember) + 1; i < members.length; i++) {
    const rival = members[i]!;
    if (rival.type === "SpreadElement") return "spread";
    if (rival.type === "ObjectProperty" && setsPrototype(rival)) continue;
    rivals.push(rival);
  }
  return rivals;
}

/** `__proto__: value` (not computed, not shorthand) sets the literal's prototype, defining nothing. */
function setsPrototype(property: BabelTypes.ObjectProperty): boolean {
  if (property.computed || property.shorthand) return false;
  const key = property.key;
  return (key.type === "Identifier" && key.name === "__proto__") || (key.type === "StringLiteral" && key.value === "__proto__");
}

/** A member's key as the property key it names (`m`, `"quoted key"`, `123` -> "m", "quoted key", "123"); null when computed or not a plain key. */
export function keyName(member: { key: Node; computed?: boolean | null }): string | null {
  if (member.computed === true) return null;
  const key = member.key;
  if (key.type === "Identifier") return key.name;
  if (key.type === "StringLiteral") return key.value;
  if (key.type === "NumericLiteral") return String(key.value);
  if (key.type === "BigIntLiteral") return String(BigInt(key.value));
  return null;
}
