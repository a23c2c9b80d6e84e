export { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "./lore-test-kit";
