import { describe, expect, it } from "vitest";
import { authenticateRequest } from "./authenticate";

const connectionRefused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("authenticateRequest", () => {
  it("answers SERVICE_UNAVAILABLE, not UNAUTHORIZED, when the token's check cannot reach the database", async () => {
    const failure = await authenticateRequest("Bearer some.access.token", {
      accessToken: () => Promise.reject(connectionRefused),
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });

  it("answers UNAUTHORIZED for a token its verifier refuses", async () => {
    const failure = await authenticateRequest("Bearer some.access.token", {
      accessToken: () => Promise.reject(new Error("signature does not verify")),
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
