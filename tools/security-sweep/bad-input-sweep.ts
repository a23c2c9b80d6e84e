import { badInputCases, type SweepCase } from "./bad-input-cases";
import { callProcedure, type CallOutcome } from "./procedure-call";
import type { CatalogedProcedure } from "./procedure-catalog";
import { runBounded } from "./run-bounded";
import { answerDefect, describeFinding } from "./sweep-verdicts";
import type { ServiceUnderSweep, SweepSession, SweepWorld } from "./sweep-world";

/** What the bad-input sweep found. */
export interface BadInputReport {
  /** One line per wrong answer (a 5xx, an untyped error, a result for refused input, no answer). */
  findings: string[];
  /** Procedures with an input schema whose validation no call as the member reached. */
  unvalidated: string[];
  /** How many calls were made. */
  calls: number;
}

const CALLS_IN_FLIGHT_PER_SERVICE = 4;

interface Attempt {
  caller: "anonymous" | "member";
  sweepCase: SweepCase;
}

async function attempt(
  entry: ServiceUnderSweep,
  procedure: CatalogedProcedure,
  organizationId: string,
  { caller, sweepCase }: Attempt,
): Promise<CallOutcome> {
  const session: SweepSession | null = caller === "member" ? entry.member : null;
  return callProcedure({
    url: entry.service.url,
    path: procedure.path,
    type: procedure.type,
    omitted: sweepCase.omitted,
    input: sweepCase.input,
    ...(sweepCase.rawKeys ? { rawKeys: sweepCase.rawKeys } : {}),
    ...(session ? { token: await session.token(), organizationId } : {}),
  });
}

/**
 * The member gets every case; an anonymous caller gets the whole-input cases, and the field cases
 * too unless a valid input already showed the procedure turns away callers who are not signed in.
 */
async function sweepProcedure(entry: ServiceUnderSweep, procedure: CatalogedProcedure, organizationId: string) {
  const cases = badInputCases(procedure);
  const run = (items: Attempt[]) =>
    runBounded(items, CALLS_IN_FLIGHT_PER_SERVICE, (item) => attempt(entry, procedure, organizationId, item));
  const attempts: Attempt[] = [
    ...cases.filter((sweepCase) => !sweepCase.field).map((sweepCase) => ({ caller: "anonymous" as const, sweepCase })),
    ...cases.map((sweepCase) => ({ caller: "member" as const, sweepCase })),
  ];
  const outcomes = await run(attempts);
  const signedOutRefused = attempts.some(
    (item, index) => item.caller === "anonymous" && !item.sweepCase.refused && outcomes[index]?.code === "UNAUTHORIZED",
  );
  if (!signedOutRefused) {
    const fieldAttempts = cases
      .filter((sweepCase) => sweepCase.field)
      .map((sweepCase) => ({ caller: "anonymous" as const, sweepCase }));
    outcomes.push(...(await run(fieldAttempts)));
    attempts.push(...fieldAttempts);
  }
  // A case that signed the member out (sign-out, revoking sessions) leaves the rest unauthorized: sign in again, retry once.
  const lockedOut = attempts.flatMap((item, index) =>
    item.caller === "member" && outcomes[index]?.code === "UNAUTHORIZED" ? [index] : [],
  );
  if (lockedOut.length > 0) {
    await entry.member.renew();
    const retried = await run(lockedOut.map((index) => attempts[index] as Attempt));
    lockedOut.forEach((index, position) => (outcomes[index] = retried[position] as CallOutcome));
  }
  const findings = attempts.flatMap((item, index) => {
    const defect = answerDefect(outcomes[index] as CallOutcome, item.sweepCase.refused);
    if (!defect) return [];
    return [
      describeFinding({
        service: entry.service.name,
        procedure: procedure.path,
        caller: item.caller,
        input: item.sweepCase.label,
        defect,
      }),
    ];
  });
  const validated = attempts.some((item, index) => item.caller === "member" && outcomes[index]?.validation === true);
  return { findings, validated, calls: attempts.length + lockedOut.length };
}

/**
 * Sends every procedure of every service generated bad input, as an anonymous caller and as a
 * member (with the organization header), and reports every answer that is not a typed 4xx.
 * Services run side by side; each service's procedures run one after another, because some
 * (sign-out, revoking sessions) end the member's session for the ones that follow.
 */
export async function sweepBadInput(world: SweepWorld): Promise<BadInputReport> {
  const perService = await Promise.all(
    world.services.map(async (entry) => {
      const report: BadInputReport = { findings: [], unvalidated: [], calls: 0 };
      for (const procedure of entry.procedures) {
        const result = await sweepProcedure(entry, procedure, entry.sweepOrganizationId);
        report.findings.push(...result.findings);
        report.calls += result.calls;
        if (procedure.input && !result.validated) report.unvalidated.push(procedure.path);
      }
      return report;
    }),
  );
  return {
    findings: perService.flatMap((report) => report.findings),
    unvalidated: perService.flatMap((report) => report.unvalidated),
    calls: perService.reduce((sum, report) => sum + report.calls, 0),
  };
}
