/**
 * Shareable URLs: the source and the options live in the page's hash, so a link opens the page
 * as it was. An unedited example is named (`#example=classics/lexer&explain=1`); edited source
 * travels whole, as URL-safe base64 of its UTF-8 (`#code=...`).
 */
import type { CompileOptions } from "./compiler.js";
import type { RuntimeMode } from "@stepwise/babel-plugin/browser";

export interface PageState {
  example: string | null;
  code: string | null;
  options: CompileOptions;
}

const RUNTIMES: RuntimeMode[] = ["import", "inline", "global"];

function encode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decode(text: string): string {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function readHash(hash: string, defaults: CompileOptions): PageState {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  let code: string | null = null;
  try {
    code = params.has("code") ? decode(params.get("code")!) : null;
  } catch {
    code = null;
  }
  const runtime = params.get("runtime") as RuntimeMode | null;
  return {
    example: params.get("example"),
    code,
    options: {
      explain: params.has("explain") ? params.get("explain") === "1" : defaults.explain,
      runtime: runtime !== null && RUNTIMES.includes(runtime) ? runtime : defaults.runtime,
      targets: params.get("targets") ?? defaults.targets,
    },
  };
}

export function writeHash(state: PageState): string {
  const params = new URLSearchParams();
  if (state.code !== null) params.set("code", encode(state.code));
  else if (state.example !== null) params.set("example", state.example);
  params.set("explain", state.options.explain ? "1" : "0");
  params.set("runtime", state.options.runtime);
  if (state.options.targets !== "") params.set("targets", state.options.targets);
  return `#${params.toString()}`;
}
