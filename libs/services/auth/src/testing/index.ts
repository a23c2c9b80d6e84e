/** What other projects may use to test with the auth service: its fixture for the sweep over every procedure. */
export { authSweepFixture } from "./auth-sweep-fixture";
