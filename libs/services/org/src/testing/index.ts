/** What other projects may use to test with the org service: its fixture for the sweep over every procedure. */
export { orgSweepFixture } from "./org-sweep-fixture";
