import type { HostileCase, HostileTarget, RawRequest } from "@cauldron/testing";
import { AUDIT_EXPORT_PATH } from "../audit/audit-export-route";

function exportRequest(target: HostileTarget, overrides: Partial<RawRequest> = {}): RawRequest {
  return {
    path: AUDIT_EXPORT_PATH,
    headers: [
      ["authorization", `Bearer ${target.token}`],
      ["x-organization-id", target.organizationId],
    ],
    ...overrides,
  };
}

const withHeaders = (target: HostileTarget, headers: [string, string][]): RawRequest => ({
  path: AUDIT_EXPORT_PATH,
  headers,
});

/** Hostile requests to GET /audit/export, for the org service's hostile-HTTP suite. */
export const AUDIT_EXPORT_HOSTILE_CASES: HostileCase[] = [
  {
    name: "an export with a malformed percent-escape in its filter",
    request: (t) => exportRequest(t, { path: `${AUDIT_EXPORT_PATH}?from=%ZZ&action=%E0%A4%A` }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an export with a filter given twice",
    request: (t) => exportRequest(t, { path: `${AUDIT_EXPORT_PATH}?action=team.created&action=team.updated` }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an export with a bracketed filter",
    request: (t) => exportRequest(t, { path: `${AUDIT_EXPORT_PATH}?from[gt]=2020-01-01` }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an export with a 100 kB filter",
    request: (t) => exportRequest(t, { path: `${AUDIT_EXPORT_PATH}?action=${"a".repeat(100_000)}` }),
    expect: { status: 431, code: "BAD_REQUEST" },
  },
  {
    name: "a malformed percent-escape below the export path",
    request: (t) => exportRequest(t, { path: `${AUDIT_EXPORT_PATH}/%ZZ` }),
    expect: { status: 404, code: "NOT_FOUND" },
  },
  {
    name: "a POST to the export",
    request: (t) => exportRequest(t, { method: "POST", body: "{}" }),
    expect: { status: 404, code: "NOT_FOUND" },
  },
  {
    name: "an export without a token",
    request: (t) => withHeaders(t, [["x-organization-id", t.organizationId]]),
    expect: { status: 401, code: "UNAUTHORIZED" },
  },
  {
    name: "an export with a garbage JWT",
    request: (t) =>
      withHeaders(t, [
        ["authorization", "Bearer e30.e30.e30"],
        ["x-organization-id", t.organizationId],
      ]),
    expect: { status: 401, code: "UNAUTHORIZED" },
  },
  {
    name: "an export with a 10 kB non-ASCII token",
    request: (t) =>
      withHeaders(t, [
        ["authorization", `Bearer ${"\u00e9".repeat(10_000)}`],
        ["x-organization-id", t.organizationId],
      ]),
    expect: { status: 401, code: "UNAUTHORIZED" },
  },
  {
    name: "an export naming an organization that is not a UUID",
    request: (t) =>
      withHeaders(t, [
        ["authorization", `Bearer ${t.token}`],
        ["x-organization-id", "../../etc/passwd"],
      ]),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an export naming two organizations",
    request: (t) =>
      withHeaders(t, [
        ["authorization", `Bearer ${t.token}`],
        ["x-organization-id", t.organizationId],
        ["x-organization-id", "00000000-0000-4000-8000-000000000000"],
      ]),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an export of an organization the caller is not in",
    request: (t) =>
      withHeaders(t, [
        ["authorization", `Bearer ${t.token}`],
        ["x-organization-id", "00000000-0000-4000-8000-000000000000"],
      ]),
    expect: { status: 403, code: "FORBIDDEN" },
  },
  {
    name: "an export request whose headers arrive a byte at a time",
    request: (t) => exportRequest(t, { trickle: { from: "headers", everyMs: 100 } }),
    expect: { status: 408, code: "TIMEOUT" },
  },
];
