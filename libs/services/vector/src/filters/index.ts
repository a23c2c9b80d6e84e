export { metadataFilterCondition } from "./metadata-filter-sql";
