// A fuzz worker: a child process (child_process.fork) that generates and checks
// programs for scripts/fuzz/index.mjs, so that a program that hangs (a bug that
// loops forever in promise jobs, where the vm timeout cannot reach) only costs
// a killed worker. Messages in:
//   { id, type: "program", seed, features, size, es5, check }  generate, then check
//   { id, type: "check", code, check }                    check the given code
// (`check`: checkProgram's options: timeout, strictEs5, runtime)
// Messages out: { id, result } (see check.mjs; "program" adds seed, features and,
// for failures, code).
import { generateProgram } from "./generate.mjs";
import { checkProgram } from "./check.mjs";

// Programs leave no rejection unhandled, but a broken lowering might: it shows in
// the transcript (or does not), it must not kill the worker.
process.on("unhandledRejection", () => {});
// The parent went away (ended or killed): so does the worker.
process.on("disconnect", () => process.exit(0));

process.on("message", async (message) => {
  let result;
  try {
    if (message.type === "program") {
      const program = generateProgram(message.seed, { features: message.features, size: message.size, es5: message.es5 });
      const checked = await checkProgram(program.code, message.check);
      result = { ...summarize(checked), seed: message.seed, features: program.features };
      if (checked.status !== "ok") result.code = program.code;
    } else if (message.type === "check") {
      result = summarize(await checkProgram(message.code, message.check));
    } else {
      throw new Error(`fuzz worker: unknown message type ${message.type}`);
    }
  } catch (error) {
    result = { status: "error", failures: [], error: String(error && error.stack ? error.stack : error) };
  }
  process.send({ id: message.id, result });
});

/** What the parent needs: no output code or full transcripts for passing programs. */
function summarize(checked) {
  const out = { status: checked.status, failures: checked.failures, userSyntax: checked.userSyntax || [] };
  if (checked.invalid) out.invalid = checked.invalid;
  if (checked.refusal) out.refusal = checked.refusal;
  if (checked.status === "fail") {
    out.native = checked.native;
    out.lowered = checked.lowered;
  }
  return out;
}
