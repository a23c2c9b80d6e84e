export { AUDIT_EXPORT_PATH } from "./audit/audit-export-route";
export { orgEnvSchema, type OrgEnv } from "./org-config";
export { createOrgRouter, createOrgService, orgService, type OrgRouter, type OrgServiceOptions } from "./org-service";
