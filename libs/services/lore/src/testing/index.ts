export { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "./lore-test-kit";
export { loreSweepFixture } from "./lore-sweep-fixture";
