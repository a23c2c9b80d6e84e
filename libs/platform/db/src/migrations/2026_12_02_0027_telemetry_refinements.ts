import { type Kysely, sql } from "kysely";

/*
 * After 0026:
 * - anomalies get an id, so a list of them pages by (time, id) like every other list, anomalies
 *   recorded without a detector included;
 * - alert rules and anomaly detectors keep updated_at for edits by people: the jobs that move
 *   next_evaluation_at and checked_until on every run no longer touch it;
 * - points written before rollups existed are listed as pending, so the rollup job folds them in
 *   (until it has, queries answer those ranges from raw points);
 * - agent metrics are found by organization and metric, as the rollup job reads them.
 */

const RULE_COLUMNS = `name, description, metric_kind, metric_name, aggregate, window_seconds, group_by,
  where_dimensions, condition, threshold, for_seconds, severity, labels, enabled, evaluate_every_seconds`;
const DETECTOR_COLUMNS = `name, metric_kind, metric_name, where_dimensions, aggregate, bucket_seconds, method,
  parameters, raise_alerts, alert_severity, enabled`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into timeseries.rollup_pending (organization_id, kind, metric_name, minute)
    select distinct organization_id, 'business', metric_name, date_trunc('minute', time)
    from timeseries.business_metrics
    union
    select distinct organization_id, 'agent', metric_name, date_trunc('minute', time)
    from timeseries.agent_metrics
    on conflict do nothing;
    create index agent_metrics_metric_idx on timeseries.agent_metrics (organization_id, metric_name, time desc);

    alter table timeseries.anomalies add column id uuid not null default gen_random_uuid();
    create index anomalies_page_idx on timeseries.anomalies (organization_id, time desc, id desc);

    drop trigger touch_updated_at on timeseries.alert_rules;
    create trigger touch_updated_at before update of ${sql.raw(RULE_COLUMNS)} on timeseries.alert_rules
      for each row execute function app.touch_updated_at();
    drop trigger touch_updated_at on timeseries.anomaly_detectors;
    create trigger touch_updated_at before update of ${sql.raw(DETECTOR_COLUMNS)} on timeseries.anomaly_detectors
      for each row execute function app.touch_updated_at();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger touch_updated_at on timeseries.anomaly_detectors;
    create trigger touch_updated_at before update on timeseries.anomaly_detectors
      for each row execute function app.touch_updated_at();
    drop trigger touch_updated_at on timeseries.alert_rules;
    create trigger touch_updated_at before update on timeseries.alert_rules
      for each row execute function app.touch_updated_at();

    drop index timeseries.anomalies_page_idx;
    alter table timeseries.anomalies drop column id;
    drop index timeseries.agent_metrics_metric_idx;
  `.execute(db);
}
