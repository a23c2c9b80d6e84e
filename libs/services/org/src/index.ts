export { createOrgRouter, orgService, type OrgRouter } from "./org-service";
