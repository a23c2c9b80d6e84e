import { describe, expect, it } from "vitest";
import { instancesOf, type AddressResolver } from "./scrape-instances";

const resolvesTo =
  (addresses: string[]): AddressResolver =>
  async () =>
    addresses;

describe("the replicas behind a scrape target", () => {
  it("are one per address the host name resolves to, each labelled address:port", async () => {
    const target = { name: "org", metricsUrl: "http://cauldron-org-pods:4102/metrics" };
    expect(await instancesOf(target, resolvesTo(["10.0.0.7", "10.0.0.5", "10.0.0.7"]))).toEqual([
      { name: "org", instance: "10.0.0.5:4102", metricsUrl: "http://10.0.0.5:4102/metrics" },
      { name: "org", instance: "10.0.0.7:4102", metricsUrl: "http://10.0.0.7:4102/metrics" },
    ]);
    expect(await instancesOf(target, resolvesTo(["fd00::9", "fd00::3"]))).toEqual([
      { name: "org", instance: "[fd00::3]:4102", metricsUrl: "http://[fd00::3]:4102/metrics" },
      { name: "org", instance: "[fd00::9]:4102", metricsUrl: "http://[fd00::9]:4102/metrics" },
    ]);
  });

  it("scrapes a dual-stack name's replicas once each, over IPv4", async () => {
    const target = { name: "org", metricsUrl: "http://cauldron-org-replicas:4102/metrics" };
    expect(await instancesOf(target, resolvesTo(["fd00::5", "10.0.0.5", "fd00::7", "10.0.0.7"]))).toEqual([
      { name: "org", instance: "10.0.0.5:4102", metricsUrl: "http://10.0.0.5:4102/metrics" },
      { name: "org", instance: "10.0.0.7:4102", metricsUrl: "http://10.0.0.7:4102/metrics" },
    ]);
  });

  it("stay one target under its own URL for an address, https, or a name that does not resolve", async () => {
    const never: AddressResolver = async () => {
      throw new Error("no lookup expected");
    };
    const failing: AddressResolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    const cases = [
      [{ name: "a", metricsUrl: "http://127.0.0.1:4101/metrics" }, never, "127.0.0.1:4101"],
      [{ name: "b", metricsUrl: "http://[::1]:4101/metrics" }, never, "[::1]:4101"],
      [{ name: "c", metricsUrl: "https://metrics.example.com/metrics" }, never, "metrics.example.com"],
      [{ name: "d", metricsUrl: "http://gone.internal:4101/metrics" }, failing, "gone.internal:4101"],
      [{ name: "e", metricsUrl: "http://empty.internal:4101/metrics" }, resolvesTo([]), "empty.internal:4101"],
    ] as const;
    for (const [target, resolve, instance] of cases) {
      expect(await instancesOf(target, resolve)).toEqual([{ ...target, instance }]);
    }
  });
});
