/**
 * `node:path` for Babel's core in the page. @babel/core names it to resolve file names (the
 * `filename` option, `cwd`); in the page there are no files, so POSIX path arithmetic on strings,
 * with "/" as the working directory, is all it needs. vite.config.ts points `node:path` here for
 * @babel/core alone; any other Node built-in still fails the build.
 */
function normalizeParts(parts: string[], absolute: boolean): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else {
      out.push(part);
    }
  }
  return out;
}

export const sep = "/";
export const delimiter = ":";

export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

export function normalize(path: string): string {
  const absolute = isAbsolute(path);
  const joined = normalizeParts(path.split("/"), absolute).join("/");
  return (absolute ? "/" : "") + joined || (absolute ? "/" : ".");
}

export function join(...paths: string[]): string {
  return normalize(paths.filter((p) => p !== "").join("/"));
}

export function resolve(...paths: string[]): string {
  let resolved = "";
  for (let i = paths.length - 1; i >= 0 && !isAbsolute(resolved); i--) {
    if (paths[i]) resolved = resolved ? `${paths[i]}/${resolved}` : paths[i];
  }
  if (!isAbsolute(resolved)) resolved = `/${resolved}`;
  return normalize(resolved);
}

export function dirname(path: string): string {
  const parts = normalize(path).split("/");
  parts.pop();
  const dir = parts.join("/");
  return dir === "" ? (isAbsolute(path) ? "/" : ".") : dir;
}

export function basename(path: string, ext?: string): string {
  const base = normalize(path).split("/").pop() ?? "";
  return ext !== undefined && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

export function extname(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot);
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split("/").filter(Boolean);
  const b = resolve(to).split("/").filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}

const path = { sep, delimiter, isAbsolute, normalize, join, resolve, dirname, basename, extname, relative };
export const posix = path;
export default path;
