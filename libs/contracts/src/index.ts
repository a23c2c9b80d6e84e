export * from "./auth";
export { idSchema, pageInputSchema, type PageInput } from "./common/identifiers";
export { serviceInfoSchema, type ServiceInfo } from "./common/service-info";
export * from "./org";
