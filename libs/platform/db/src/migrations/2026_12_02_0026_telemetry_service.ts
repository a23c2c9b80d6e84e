import type { Kysely } from "kysely";
import { createAlertTables, dropAlertTables } from "./0026_telemetry_service/alert-tables";
import {
  createDetectorsAndSchedules,
  dropDetectorsAndSchedules,
} from "./0026_telemetry_service/detectors-and-schedules";
import { createNotificationTables, dropNotificationTables } from "./0026_telemetry_service/notification-tables";
import { closePlatformEvents, openPlatformEvents } from "./0026_telemetry_service/platform-events";
import { createRetention, dropRetention } from "./0026_telemetry_service/retention";
import { createRollupTables, dropRollupTables } from "./0026_telemetry_service/rollup-tables";

/*
 * What the telemetry service needs on top of 0007:
 * - 1-minute, 1-hour and 1-day rollups of business and agent metrics, and the minutes waiting to be
 *   rolled up;
 * - retention per table, enforced by dropping whole chunks or partitions;
 * - alert rules with their per-group state, notification channels and deliveries;
 * - anomaly detectors, and forecast models with a horizon and refresh schedule;
 * - events and user activity that belong to no organization, stored once per event.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await createRollupTables(db);
  await createRetention(db);
  await createAlertTables(db);
  await createNotificationTables(db);
  await createDetectorsAndSchedules(db);
  await openPlatformEvents(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await closePlatformEvents(db);
  await dropDetectorsAndSchedules(db);
  await dropNotificationTables(db);
  await dropAlertTables(db);
  await dropRetention(db);
  await dropRollupTables(db);
}
