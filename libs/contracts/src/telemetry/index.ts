export * from "./alert-channels";
export * from "./alerts";
export * from "./anomalies";
export * from "./events";
export * from "./forecasts";
export * from "./metrics";
export * from "./request-activity";
