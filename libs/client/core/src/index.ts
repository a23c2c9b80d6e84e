export { createServiceClient } from "./create-service-client";
export { createServiceLink, requestHeaders, type ServiceClientOptions } from "./service-links";
export { nodeHttpFetch } from "./node-http-fetch";
