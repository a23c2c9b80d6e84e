export {
  startVectorTestKit,
  type VectorTestKit,
  type VectorTestOrganization,
  type VectorTestUser,
} from "./vector-test-kit";
export { vectorSweepFixture } from "./vector-sweep-fixture";
