/** The six services, in the order they are started, with their fixed local ports. */
export const SERVICE_PORTS = {
  auth: 4101,
  org: 4102,
  lore: 4103,
  vector: 4104,
  telemetry: 4105,
  storage: 4106,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

export const SERVICE_NAMES = Object.keys(SERVICE_PORTS) as ServiceName[];
