import { describe, expect, it } from "vitest";
import { clientKey } from "./client-key";

describe("client key", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(clientKey("192.0.2.10")).toBe("192.0.2.10");
  });

  it("counts an IPv4-mapped IPv6 address as its IPv4 address, however it is written", () => {
    expect(clientKey("::ffff:192.0.2.10")).toBe("192.0.2.10");
    expect(clientKey("::FFFF:c000:20a")).toBe("192.0.2.10");
    expect(clientKey("0:0:0:0:0:ffff:192.0.2.10")).toBe("192.0.2.10");
  });

  it("counts every address of one IPv6 /64 as one client", () => {
    const key = clientKey("2001:db8:1:2::1");
    expect(key).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(key);
    expect(clientKey("2001:0DB8:0001:0002:abcd::9")).toBe(key);
    expect(clientKey("2001:db8:1:2::1%eth0")).toBe(key);
    expect(clientKey("2001:db8:1:3::1")).not.toBe(key);
  });

  it("keeps IPv6 networks apart that differ only inside a compressed run", () => {
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("2001:db8::1:0:0:1")).toBe("2001:db8:0:0::/64");
  });

  it("puts unknown and unreadable addresses under one shared key", () => {
    expect(clientKey(null)).toBe("unknown");
    expect(clientKey("not an address")).toBe("unknown");
  });
});
