import { describe, expect, it } from "vitest";
import { checkAddressLiteral, isPublicAddress, PrivateDestinationError, publicOnlyLookup } from "./webhook-destination";

function lookupOf(hostname: string): Promise<string> {
  return new Promise((resolve, reject) =>
    publicOnlyLookup(hostname, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(JSON.stringify(addresses));
    }),
  );
}

describe("webhook destinations", () => {
  it("counts only public unicast addresses as public", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001::200e"]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it("refuses loopback, private, link-local, shared, documentation, multicast and mapped forms of them", () => {
    const refused = [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "192.0.2.10",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:169.254.169.254",
      "64:ff9b::a00:1",
      "2002:7f00:1::1",
      "2001:db8::1",
      "not-an-address",
    ];
    for (const address of refused) expect(isPublicAddress(address), address).toBe(false);
  });

  it("refuses a URL written with a private address literal, IPv6 in brackets too", () => {
    expect(() => checkAddressLiteral(new URL("http://127.0.0.1:8080/hook"))).toThrow(PrivateDestinationError);
    expect(() => checkAddressLiteral(new URL("http://[::1]/hook"))).toThrow(PrivateDestinationError);
    expect(() => checkAddressLiteral(new URL("https://8.8.8.8/hook"))).not.toThrow();
    expect(() => checkAddressLiteral(new URL("https://hooks.example.com/hook"))).not.toThrow();
  });

  it("refuses a name that resolves to a loopback address when the socket looks it up", async () => {
    await expect(lookupOf("localhost")).rejects.toThrow(PrivateDestinationError);
  });
});
