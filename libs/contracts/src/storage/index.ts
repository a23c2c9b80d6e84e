export * from "./access";
export * from "./buckets";
export * from "./events";
export * from "./metadata";
export * from "./names";
export * from "./objects";
export * from "./usage";
