import type { CallOutcome } from "./procedure-call";

/** The typed refusals a client can act on; anything else answering bad input is a defect. */
export const TYPED_REFUSALS = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNPROCESSABLE_CONTENT",
  "TOO_MANY_REQUESTS",
]);

function excerpt(body: string): string {
  return body.length > 160 ? `${body.slice(0, 160)}…` : body;
}

/**
 * What is wrong with an answer, or null when it is right: a typed 4xx, or a result for an input
 * the procedure's schema accepts (`refused` false).
 */
export function answerDefect(outcome: CallOutcome, refused: boolean): string | null {
  if (outcome.status === 0) return `no answer (${outcome.body})`;
  if (outcome.code === undefined)
    return `${outcome.status} with a body that is not a tRPC answer: ${excerpt(outcome.body)}`;
  if (outcome.code === null) return refused ? `${outcome.status} result for an input its own schema refuses` : null;
  if (!TYPED_REFUSALS.has(outcome.code) || outcome.status < 400 || outcome.status >= 500) {
    return `${outcome.status} ${outcome.code}`;
  }
  return null;
}

/** One thing the sweep found wrong, as a line of its report. */
export interface SweepFinding {
  service: string;
  procedure: string;
  caller: string;
  input: string;
  defect: string;
}

/** The finding as one readable line: `org.teams.get as member, NUL byte in teamId: 500 INTERNAL_SERVER_ERROR`. */
export function describeFinding(finding: SweepFinding): string {
  return `${finding.procedure} as ${finding.caller}, ${finding.input}: ${finding.defect}`;
}
