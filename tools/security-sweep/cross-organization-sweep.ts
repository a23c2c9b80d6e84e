import { z } from "zod";
import { MAX_CASES_PER_PROCEDURE } from "./bad-input-cases";
import { dottedPath, inputFields, type InputField } from "./input-fields";
import { baselineInput, stringBounds } from "./input-samples";
import { callProcedure, type CallOutcome } from "./procedure-call";
import type { CatalogedProcedure } from "./procedure-catalog";
import { runBounded } from "./run-bounded";
import { answerDefect, describeFinding } from "./sweep-verdicts";
import type { ServiceUnderSweep, SweepWorld } from "./sweep-world";

/** What the cross-organization sweep found. */
export interface CrossOrganizationReport {
  /** One line per wrong answer: a 5xx or untyped error, or any of A's rows, names or ids in the answer. */
  findings: string[];
  /** Calls refused by input validation, so they never reached the code that must keep A's rows apart. */
  unreached: string[];
  calls: number;
}

interface ProbeCase {
  label: string;
  omitted: boolean;
  input: unknown;
  /** The organization named in the header: B's, or A's to try acting inside A. */
  organizationId: string;
}

const CALLS_IN_FLIGHT_PER_SERVICE = 4;

function fieldName(field: InputField): string {
  const named = [...field.path].reverse().find((segment) => typeof segment === "string");
  return typeof named === "string" ? named : "";
}

// Any UUID: a field named like an id that refuses one holds something else (a stream position such
// as a subscription's lastEventId), so A's ids would never reach the code under test through it.
const SAMPLE_ID = "00000000-0000-4000-8000-000000000000";

/** Whether a field takes an object id: named `id`, `…Id` or `…Ids` and accepting a UUID, or shaped as one. */
function takesId(field: InputField): boolean {
  if (field.leaf instanceof z.ZodArray) return false;
  const format = field.leaf.def.type === "string" ? stringBounds(field.leaf).format : null;
  if (format === "uuid" || format === "guid") return true;
  return /^id$|Ids?$/.test(fieldName(field)) && field.leaf.safeParse(SAMPLE_ID).success;
}

/** The ids a field may take: by its exact name, its singular, or its ending (`actorUserId` → `userId`); else all of them. */
function idsFor(field: InputField, ids: Record<string, string[]>): string[] {
  const name = fieldName(field);
  const singular = name.endsWith("Ids") ? name.slice(0, -1) : name;
  const exact = ids[name] ?? ids[singular];
  if (exact) return exact;
  const byEnding = Object.entries(ids).filter(([key]) => singular.endsWith(key.charAt(0).toUpperCase() + key.slice(1)));
  if (byEnding.length > 0) return byEnding.flatMap(([, values]) => values);
  return [...new Set(Object.values(ids).flat())];
}

/** `input` with each id set at its field's path; missing parents are copied from `template`, the input they came from. */
function withIds(input: unknown, template: unknown, changes: { field: InputField; id: string }[]): unknown {
  const isObject = typeof input === "object" && input !== null;
  // An input left out entirely (its schema has a default) becomes the object its ids go into.
  const copy = (isObject || changes.length === 0 ? structuredClone(input) : {}) as Record<string | number, unknown>;
  for (const { field, id } of changes) {
    let parent = copy;
    let shape = template as Record<string | number, unknown>;
    for (const segment of field.path.slice(0, -1)) {
      parent[segment] ??= structuredClone(shape[segment]);
      parent = parent[segment] as Record<string | number, unknown>;
      shape = shape[segment] as Record<string | number, unknown>;
    }
    parent[field.path[field.path.length - 1] as string | number] = id;
  }
  return copy;
}

/**
 * An id for each field, a different one per field while the fields' candidates allow: a merge's
 * source and target, or a relationship's two ends, given one id would be refused by the schema
 * before reaching the code under test.
 */
function distinctIds(fields: InputField[], ids: Record<string, string[]>): { field: InputField; id: string }[] {
  const used = new Set<string>();
  return fields.map((field) => {
    const candidates = idsFor(field, ids);
    const id = candidates.find((candidate) => !used.has(candidate)) ?? (candidates[0] as string);
    used.add(id);
    return { field, id };
  });
}

/**
 * Calls that use A's ids from inside B, on an input with only the required fields besides the
 * ids (so no stray cursor or filter stops it early): A's ids in every id field; A's id in one
 * field with B's own ids in the others; A's other ids of the same kind; and the organization
 * header naming A.
 */
function probeCases(procedure: CatalogedProcedure, world: SweepWorld): ProbeCase[] {
  const { a, b } = world.organizations;
  if (!procedure.input)
    return [{ label: "organization A in the header", omitted: true, input: undefined, organizationId: a }];
  const full = baselineInput(procedure.input).value;
  const lean = baselineInput(procedure.input, { requiredOnly: true }).value;
  const idFields = inputFields(procedure.input, full).filter(takesId);
  const ofA = (field: InputField) => idsFor(field, world.idsOfA)[0] as string;
  const allOfA = withIds(lean, full, distinctIds(idFields, world.idsOfA));
  const cases: ProbeCase[] = [
    { label: "organization A in the header", omitted: false, input: allOfA, organizationId: a },
  ];
  if (idFields.length === 0) return cases;
  cases.push({
    label: `A's ids in ${idFields.map((field) => dottedPath(field.path)).join(", ")}`,
    omitted: false,
    input: allOfA,
    organizationId: b,
  });
  const ownOfB = distinctIds(idFields, world.idsOfB);
  const oneOfA = (target: InputField, id: string) =>
    withIds(
      lean,
      full,
      ownOfB.map((own) => (own.field === target ? { field: target, id } : own)),
    );
  if (idFields.length > 1) {
    for (const field of idFields) {
      const where = dottedPath(field.path);
      cases.push({
        label: `A's id in ${where}, B's own in the others`,
        omitted: false,
        input: oneOfA(field, ofA(field)),
        organizationId: b,
      });
    }
  }
  for (const field of idFields) {
    for (const id of idsFor(field, world.idsOfA).slice(1)) {
      if (cases.length >= MAX_CASES_PER_PROCEDURE) return cases;
      cases.push({
        label: `A's id ${id} in ${dottedPath(field.path)}`,
        omitted: false,
        input: oneOfA(field, id),
        organizationId: b,
      });
    }
  }
  return cases;
}

/** What of A an answer gives away: its names and secrets, or ids of A the caller did not send. */
function leaks(outcome: CallOutcome, sent: string, world: SweepWorld): string[] {
  const markers = world.markersOfA.filter((marker) => outcome.body.includes(marker)).map((marker) => `"${marker}"`);
  const ids = [...new Set(Object.values(world.idsOfA).flat())].filter(
    (id) => outcome.body.includes(id) && !sent.includes(id),
  );
  return [...markers, ...ids.map((id) => `A's id ${id}`)];
}

async function probeProcedure(entry: ServiceUnderSweep, procedure: CatalogedProcedure, world: SweepWorld) {
  const cases = probeCases(procedure, world);
  const call = async (probe: ProbeCase) =>
    callProcedure({
      url: entry.service.url,
      path: procedure.path,
      type: procedure.type,
      omitted: probe.omitted,
      input: probe.input,
      token: await entry.outsider.token(),
      organizationId: probe.organizationId,
    });
  const outcomes = await runBounded(cases, CALLS_IN_FLIGHT_PER_SERVICE, call);
  const lockedOut = outcomes.flatMap((outcome, index) => (outcome.code === "UNAUTHORIZED" ? [index] : []));
  if (lockedOut.length > 0) {
    await entry.outsider.renew();
    for (const index of lockedOut) outcomes[index] = await call(cases[index] as ProbeCase);
  }
  const findings: string[] = [];
  const unreached: string[] = [];
  cases.forEach((probe, index) => {
    const outcome = outcomes[index] as CallOutcome;
    const describe = (defect: string) =>
      describeFinding({
        service: entry.service.name,
        procedure: procedure.path,
        caller: "owner of B",
        input: probe.label,
        defect,
      });
    const defect = answerDefect(outcome, false);
    if (defect) findings.push(describe(defect));
    const leaked = leaks(outcome, JSON.stringify(probe.input ?? null), world);
    if (leaked.length > 0) findings.push(describe(`answer holds ${leaked.join(", ")}`));
    // Field errors on an input its schema accepts come from the procedure's own checks (an id of
    // another organization refused on its field): the call reached the code under test.
    const schemaRefuses = procedure.input === null || !procedure.input.safeParse(probe.input).success;
    if (outcome.validation && schemaRefuses) unreached.push(describe("refused by input validation"));
  });
  return { findings, unreached, calls: cases.length + lockedOut.length };
}

/**
 * Calls every procedure as the owner of organization B with ids of organization A's objects (and
 * with A in the organization header), and reports any answer that is not a typed refusal or an
 * answer free of A's rows.
 */
export async function sweepCrossOrganization(world: SweepWorld): Promise<CrossOrganizationReport> {
  const perService = await Promise.all(
    world.services.map(async (entry) => {
      const report: CrossOrganizationReport = { findings: [], unreached: [], calls: 0 };
      for (const procedure of entry.procedures) {
        const result = await probeProcedure(entry, procedure, world);
        report.findings.push(...result.findings);
        report.unreached.push(...result.unreached);
        report.calls += result.calls;
      }
      return report;
    }),
  );
  return {
    findings: perService.flatMap((report) => report.findings),
    unreached: perService.flatMap((report) => report.unreached),
    calls: perService.reduce((sum, report) => sum + report.calls, 0),
  };
}
