export * from "./documents";
export * from "./events";
export * from "./graph";
export * from "./search";
export * from "./taxonomy";
