export { codeOf, failureOf, type ClientFailure } from "./client-failure";
export { createTestSigner, TEST_AUDIENCE, TEST_ISSUER, type AccessTokenClaims, type TestSigner } from "./test-signer";
export {
  startTestService,
  TEST_SERVICE_TOKEN_SECRET,
  type TestService,
  type TestServiceOptions,
} from "./test-service";
export {
  createTestDatabase,
  ensureTemplateDatabase,
  templateDatabaseName,
  TEMPLATE_DATABASE_ENV,
  type TestDatabase,
} from "./test-database";
export { clearTestRedisPrefix, createTestRedisPrefix } from "./test-redis";
