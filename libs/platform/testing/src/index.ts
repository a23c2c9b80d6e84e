export { codeOf, failureOf, type ClientFailure } from "./client-failure";
export {
  createTestSigner,
  issueServiceToken,
  TEST_AUDIENCE,
  TEST_ISSUER,
  TEST_SERVICE_TOKEN_SECRET,
  type AccessTokenClaims,
  type TestSigner,
} from "./test-signer";
export { startTestService, type TestService, type TestServiceOptions } from "./test-service";
export {
  createTestDatabase,
  ensureTemplateDatabase,
  templateDatabaseName,
  TEMPLATE_DATABASE_ENV,
  type TemplatePartitioning,
  type TestDatabase,
} from "./test-database";
export { clearTestRedisPrefix, createTestRedisPrefix } from "./test-redis";
export { createEventTap, type EventTap } from "./event-tap";
export { createTestPeople, type TestOrganization, type TestPeople, type TestPerson } from "./test-people";
export { HOSTILE_HTTP_ENV, SERVER_KIT_HOSTILE_CASES, type HostileCase, type HostileTarget } from "./hostile-http";
export { errorCodeOf, sendRawRequest, type RawRequest, type RawResponse } from "./raw-http";
export { startInterruptibleProxy, type InterruptibleProxy } from "./interruptible-proxy";
export {
  createSignedPerson,
  sweepWithoutObjects,
  type SweepFixture,
  type SweepGround,
  type SweepObjects,
  type SweepOrganization,
  type SweepPerson,
  type SweptService,
} from "./sweep-fixture";
export { startSmtpTestServer, type ReceivedEmail, type SmtpTestServer } from "./smtp-test-server";
export { settleRequestedEmails } from "./requested-emails";
export { freePort } from "./free-port";
export { startRedisServer, type RedisServer } from "./redis-server";
