import type { RawRequest } from "./raw-http";

/**
 * Hostile HTTP: the requests every service must survive, each with the typed refusal it must
 * get. A service's suite runs SERVER_KIT_HOSTILE_CASES plus cases for its own plain HTTP routes
 * (uploads, protocol endpoints, exports) against a running instance of it, booted with
 * HOSTILE_HTTP_ENV, then checks it still serves.
 */

/** The service a hostile suite attacks, with a real caller so cases can pass the authentication step. */
export interface HostileTarget {
  url: string;
  /** A query procedure of the service (e.g. `org.info`). */
  query: string;
  /** A mutation procedure of the service that takes an input (e.g. `org.create`). */
  mutation: string;
  /** A valid access token and an organization its user belongs to. */
  token: string;
  organizationId: string;
}

/** One hostile request and the typed refusal it must get. */
export interface HostileCase {
  name: string;
  request(target: HostileTarget): RawRequest;
  expect: { status: number; code: string };
}

/** Environment for a service under a hostile suite: timeouts short enough to watch slow clients fail. */
export const HOSTILE_HTTP_ENV: Record<string, string> = {
  HTTP_REQUEST_TIMEOUT_MS: "1500",
  HTTP_HEADERS_TIMEOUT_MS: "1000",
};

const deepJson = (levels: number) => `{"json":${"[".repeat(levels)}${"]".repeat(levels)}}`;

/** superjson input whose reference annotations make `a.b` the object `a` itself. */
const cyclicJson = '{"json":{"a":{"b":null}},"meta":{"referentialEqualities":{"a":["a.b"]}}}';

/** superjson input of small levels, each level's `r` annotated as the same object as its `l`: 2^levels paths. */
function referenceBombJson(levels: number): string {
  const equalities: Record<string, string[]> = {};
  let path = "";
  for (let level = 0; level < levels; level += 1) {
    const left = path ? `${path}.l` : "l";
    equalities[left] = [path ? `${path}.r` : "r"];
    path = left;
  }
  const json = `${'{"r":null,"l":'.repeat(levels)}{}${"}".repeat(levels)}`;
  return `{"json":${json},"meta":{"referentialEqualities":${JSON.stringify(equalities)}}}`;
}

const batchOf = (procedure: string, calls: number) => `/trpc/${Array<string>(calls).fill(procedure).join(",")}?batch=1`;
const bearer = (target: HostileTarget): [string, string] => ["authorization", `Bearer ${target.token}`];
const json: [string, string] = ["content-type", "application/json"];

/** What every service answers, whatever it serves: the server kit's own surface (/trpc and unknown paths). */
export const SERVER_KIT_HOSTILE_CASES: HostileCase[] = [
  {
    name: "a malformed percent-escape as the procedure path",
    request: () => ({ path: "/trpc/%ZZ" }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a truncated escape inside a batch path",
    request: (t) => ({ path: `/trpc/${t.query},%E0%A4%A?batch=1` }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a malformed percent-escape in the query string",
    request: (t) => ({ path: `/trpc/${t.query}?input=%ZZ%7B` }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a malformed percent-escape outside /trpc",
    request: () => ({ path: "/%ZZ/%C0%AF" }),
    expect: { status: 404, code: "NOT_FOUND" },
  },
  {
    name: "a 100 kB path",
    request: () => ({ path: `/trpc/${"a".repeat(100_000)}` }),
    expect: { status: 431, code: "BAD_REQUEST" },
  },
  {
    name: "a request line that is not HTTP",
    request: () => ({ path: "", requestLine: "HELLO THERE" }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a header value with a control character",
    request: (t) => ({ path: `/trpc/${t.query}`, headers: [["x-request-id", "a\u0001b"]] }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a body over the size limit",
    request: (t) => ({
      method: "POST",
      path: `/trpc/${t.mutation}`,
      headers: [json, bearer(t)],
      body: `{"json":"${"x".repeat(1_100_000)}"}`,
    }),
    expect: { status: 413, code: "PAYLOAD_TOO_LARGE" },
  },
  {
    name: "a body that is not JSON",
    request: (t) => ({
      method: "POST",
      path: `/trpc/${t.mutation}`,
      headers: [json, bearer(t)],
      body: '{"json":{"name":',
    }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a body of an unsupported content type",
    request: (t) => ({
      method: "POST",
      path: `/trpc/${t.mutation}`,
      headers: [["content-type", "text/xml"], bearer(t)],
      body: "<a/>",
    }),
    expect: { status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  },
  {
    name: "JSON nested 100,000 levels deep",
    request: (t) => ({
      method: "POST",
      path: `/trpc/${t.mutation}`,
      headers: [json, bearer(t)],
      body: deepJson(100_000),
    }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "JSON nested 2,000 levels deep in a query's input",
    request: (t) => ({ path: `/trpc/${t.query}?input=${encodeURIComponent(deepJson(2_000))}` }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an input whose references form a cycle",
    request: (t) => ({ method: "POST", path: `/trpc/${t.mutation}`, headers: [json, bearer(t)], body: cyclicJson }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an input whose shared references reach 2^40 paths",
    request: (t) => ({
      method: "POST",
      path: `/trpc/${t.mutation}`,
      headers: [json, bearer(t)],
      body: referenceBombJson(40),
    }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "1,000 calls in one batch",
    request: (t) => ({ path: batchOf(t.query, 1_000) }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "1,000 calls in one batch of an absolute-form request target",
    request: (t) => ({ path: `http://${new URL(t.url).host}${batchOf(t.query, 1_000)}` }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "10,000 calls in one batch",
    request: (t) => ({ path: batchOf(t.query, 10_000) }),
    expect: { status: 431, code: "BAD_REQUEST" },
  },
  {
    name: "an x-organization-id that is not a UUID",
    request: (t) => ({ path: `/trpc/${t.query}`, headers: [bearer(t), ["x-organization-id", "' or 1=1 --"]] }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an x-organization-id sent twice",
    request: (t) => ({
      path: `/trpc/${t.query}`,
      headers: [bearer(t), ["x-organization-id", t.organizationId], ["x-organization-id", t.organizationId]],
    }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a 10 kB x-organization-id",
    request: (t) => ({ path: `/trpc/${t.query}`, headers: [bearer(t), ["x-organization-id", "f".repeat(10_000)]] }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "an authorization header without Bearer",
    request: (t) => ({ path: `/trpc/${t.query}`, headers: [["authorization", `Basic ${t.token}`]] }),
    expect: { status: 401, code: "UNAUTHORIZED" },
  },
  {
    name: "a garbage JWT",
    request: (t) => ({ path: `/trpc/${t.query}`, headers: [["authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.!!!"]] }),
    expect: { status: 401, code: "UNAUTHORIZED" },
  },
  {
    name: "a garbage API token",
    request: (t) => ({ path: `/trpc/${t.query}`, headers: [["authorization", "Bearer cst_%ZZ.'--"]] }),
    expect: { status: 401, code: "UNAUTHORIZED" },
  },
  {
    name: "a 10 kB bearer token",
    request: (t) => ({ path: `/trpc/${t.query}`, headers: [["authorization", `Bearer ${"A".repeat(10_000)}`]] }),
    expect: { status: 401, code: "UNAUTHORIZED" },
  },
  {
    name: "a non-ASCII bearer token",
    request: (t) => ({
      path: `/trpc/${t.query}`,
      headers: [["authorization", "Bearer \u00e9\u00ff\u00fe.\u00e0.\u00e7"]],
    }),
    expect: { status: 401, code: "UNAUTHORIZED" },
  },
  {
    name: "headers that arrive a byte at a time",
    request: (t) => ({
      path: `/trpc/${t.query}`,
      headers: [["x-padding", "p".repeat(200)]],
      trickle: { from: "headers", everyMs: 100 },
    }),
    expect: { status: 408, code: "TIMEOUT" },
  },
  {
    name: "a body that arrives a byte at a time",
    request: (t) => ({
      method: "POST",
      path: `/trpc/${t.mutation}`,
      headers: [json, bearer(t)],
      body: `{"json":{"name":"${"s".repeat(200)}"}}`,
      trickle: { from: "body", everyMs: 100 },
    }),
    expect: { status: 408, code: "TIMEOUT" },
  },
];
