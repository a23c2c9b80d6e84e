export * from "./events";
export * from "./metrics";
