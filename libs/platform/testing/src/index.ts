export { createTestSigner, TEST_AUDIENCE, TEST_ISSUER, type AccessTokenClaims, type TestSigner } from "./test-signer";
export {
  startTestService,
  TEST_SERVICE_TOKEN_SECRET,
  type TestService,
  type TestServiceOptions,
} from "./test-service";
