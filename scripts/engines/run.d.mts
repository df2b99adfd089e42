// Types for scripts/engines/run.mjs (plain ESM JavaScript used by index.mjs and engines.test.ts).

export interface Engine {
  command: string;
  args(file: string): string[];
  env?: Record<string, string>;
  /** transcripts compared up to the order of object keys (MuJS) */
  sortsKeys?: boolean;
  filterOutput?(lines: string[]): string[];
}

export interface EngineResult {
  engine: string;
  /** "group/case" */
  name: string;
  mode: "global" | "inline";
  equal: boolean;
  /** the fixture's `engines` reason for this engine, if marked */
  marked: string | undefined;
  native: string[];
  actual: string[];
  ms: number;
  file: string;
}

export interface EngineSummary {
  engine: string;
  mode: "global" | "inline";
  total: number;
  equal: number;
  marked: number;
  failing: EngineResult[];
  markedDiffer: EngineResult[];
}

export const engines: Record<string, Engine>;
export const engineNames: string[];
export const distPath: string;
export const presetEnvOptions: Record<string, unknown>;
export const promiseShim: string;
export const symbolShim: string;
export const printShim: string;

export function defaultJobs(): number;
export function findBinary(command: string): string | null;
export function availableEngines(names?: string[]): string[];
export function transformForEngine(
  code: string,
  opts?: { filename?: string; plugin?: Record<string, unknown>; runtime?: "global" | "inline"; separate?: boolean },
): string;
export function buildProgram(lowered: string, opts?: { runtime?: "global" | "inline"; before?: string }): string;
export function runOnEngine(
  engine: string,
  file: string,
  opts?: { timeout?: number; maxBytes?: number },
): Promise<{ stdout: string; stderr: string; code: number | null; signal: string | null; timedOut: boolean; ms: number }>;
export function engineTranscript(result: { stdout: string; stderr: string; code: number | null }, timeout: number, engine?: string): string[];
export function decodeOutput(buffer: Buffer): string;
export function toLines(text: string): string[];
export function dropUnhandledRejectionReports(lines: string[]): string[];
export function sortObjectKeys(line: string): string;
export function sameTranscript(engine: string | undefined, native: string[], actual: string[]): boolean;
export function shortDiff(expected: string[], actual: string[], opts?: { context?: number; after?: number; engine?: string }): string;
export function checkMarks(name: string, marks: unknown): string[];
export function runFixturesOnEngines(opts?: {
  engines?: string[];
  filter?: string[];
  jobs?: number;
  timeout?: number;
  inline?: boolean;
  keep?: string;
  separate?: boolean;
  onResult?: (result: EngineResult) => void;
}): Promise<{ results: EngineResult[]; problems: string[]; ms: number }>;
export function summarize(results: EngineResult[]): EngineSummary[];
export function staleMarks(results: EngineResult[]): { engine: string; name: string; marked: string }[];
export function formatSummaryLine(summary: EngineSummary): string;
export function nativeTranscript(fixture: { input: string; inputPath: string }): Promise<string[]>;
