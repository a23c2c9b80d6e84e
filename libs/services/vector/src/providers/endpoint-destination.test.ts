import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { EmbeddingProviderError } from "./embedding-provider";
import { checkEndpointAllowed, guardedLookup } from "./endpoint-destination";
import { parseIpAddress } from "./ip-address";
import { privateAddressKind } from "./private-addresses";
import { allowsAddress, privateHostAllowList, privateHostsSetting } from "./private-host-allow-list";

const kindOf = (address: string) => privateAddressKind(parseIpAddress(address)!);

describe("which addresses count as private", () => {
  it("names loopback, private, shared, link-local, unique-local, multicast, broadcast and reserved IPv4 ranges", () => {
    expect(
      Object.fromEntries(
        [
          "127.0.0.1",
          "127.255.0.9",
          "0.0.0.0",
          "10.1.2.3",
          "172.16.0.1",
          "172.31.255.255",
          "192.168.1.10",
          "100.64.0.1",
          "100.127.255.254",
          "169.254.169.254",
          "224.0.0.251",
          "255.255.255.255",
          "240.0.0.1",
          "192.0.2.8",
          "198.18.0.1",
        ].map((address) => [address, kindOf(address)]),
      ),
    ).toEqual({
      "127.0.0.1": "loopback",
      "127.255.0.9": "loopback",
      "0.0.0.0": "unspecified",
      "10.1.2.3": "private",
      "172.16.0.1": "private",
      "172.31.255.255": "private",
      "192.168.1.10": "private",
      "100.64.0.1": "carrier-grade NAT",
      "100.127.255.254": "carrier-grade NAT",
      "169.254.169.254": "link-local",
      "224.0.0.251": "multicast",
      "255.255.255.255": "broadcast",
      "240.0.0.1": "reserved",
      "192.0.2.8": "reserved",
      "198.18.0.1": "reserved",
    });
  });

  it("names IPv6 loopback, unspecified, link-local, unique-local and multicast, and what lies outside 2000::/3", () => {
    expect(kindOf("::1")).toBe("loopback");
    expect(kindOf("::")).toBe("unspecified");
    expect(kindOf("fe80::1%eth0")).toBe("link-local");
    expect(kindOf("fd00:ec2::254")).toBe("unique-local");
    expect(kindOf("fc12:3456::1")).toBe("unique-local");
    expect(kindOf("ff02::1")).toBe("multicast");
    expect(kindOf("2001:db8::1")).toBe("reserved");
    expect(kindOf("4000::1")).toBe("reserved");
  });

  it("judges an IPv6 address carrying an IPv4 one (mapped, NAT64, 6to4) by the IPv4 address", () => {
    expect(kindOf("::ffff:127.0.0.1")).toBe("loopback");
    expect(kindOf("::ffff:7f00:1")).toBe("loopback");
    expect(kindOf("::ffff:169.254.169.254")).toBe("link-local");
    expect(kindOf("64:ff9b::10.0.0.1")).toBe("private");
    expect(kindOf("2002:c0a8:0101::1")).toBe("private");
    expect(kindOf("::ffff:93.184.216.34")).toBeUndefined();
  });

  it("leaves public addresses alone, the edges of private ranges included", () => {
    for (const address of [
      "93.184.216.34",
      "8.8.8.8",
      "172.15.255.255",
      "172.32.0.0",
      "100.63.255.255",
      "100.128.0.0",
      "169.253.255.255",
      "2606:2800:220:1:248:1893:25c8:1946",
      "2a00:1450:4001:82a::200e",
    ]) {
      expect(kindOf(address), address).toBeUndefined();
    }
  });
});

describe("the private-host allow-list", () => {
  it("holds hostnames, single addresses and CIDR ranges, IPv4-mapped addresses matching their IPv4 entry", () => {
    const allowList = privateHostAllowList(["Embeddings.Internal.", "10.20.0.0/16", "127.0.0.1", "fd00::/8"]);
    expect([...allowList.hostnames]).toEqual(["embeddings.internal"]);
    const allows = (address: string) => allowsAddress(allowList, parseIpAddress(address)!);
    expect(["10.20.3.4", "10.20.255.255", "127.0.0.1", "::ffff:127.0.0.1", "fd00::5"].map(allows)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["10.21.0.1", "127.0.0.2", "::1", "fe80::1"].map(allows)).toEqual([false, false, false, false]);
  });

  it("reads VECTOR_EMBEDDING_PRIVATE_HOSTS as a comma-separated list, empty by default, and names a bad entry", () => {
    expect(privateHostsSetting.parse(undefined)).toEqual([]);
    expect(privateHostsSetting.parse(" embeddings.internal , 10.0.0.0/8,,::1 ")).toEqual([
      "embeddings.internal",
      "10.0.0.0/8",
      "::1",
    ]);
    const refused = privateHostsSetting.safeParse("10.0.0.0/33,http://x");
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual([
      '"10.0.0.0/33" is not a hostname, an IP address or a CIDR range such as 10.0.0.0/8',
      '"http://x" is not a hostname, an IP address or a CIDR range such as 10.0.0.0/8',
    ]);
    expect(() => privateHostAllowList(["under_score.example"])).toThrow(EmbeddingProviderError);
  });
});

describe("checking an endpoint's URL at registration", () => {
  const allowHint = "allow it with VECTOR_EMBEDDING_PRIVATE_HOSTS";

  it("refuses the cloud metadata address, loopback and private literals, naming the kind", () => {
    expect(checkEndpointAllowed("http://169.254.169.254/latest", [])).toBe(
      `baseUrl's host 169.254.169.254 is a private address (link-local); ${allowHint}`,
    );
    expect(checkEndpointAllowed("http://127.0.0.1:8080/v1", [])).toContain("(loopback)");
    expect(checkEndpointAllowed("https://10.0.0.7/v1", [])).toContain("(private)");
    expect(checkEndpointAllowed("http://[::1]:8080/v1", [])).toContain("(loopback)");
    expect(checkEndpointAllowed("http://[::ffff:127.0.0.1]/v1", [])).toContain("(loopback)");
    expect(checkEndpointAllowed("http://[fd00:ec2::254]/", [])).toContain("(unique-local)");
  });

  it("sees through the other ways of writing an IPv4 address", () => {
    for (const baseUrl of ["http://2130706433/v1", "http://0x7f.0.0.1/v1", "http://0177.0.0.1/v1", "http://127.1/v1"]) {
      expect(checkEndpointAllowed(baseUrl, []), baseUrl).toContain("(loopback)");
    }
  });

  it("refuses localhost and its subdomains by name", () => {
    expect(checkEndpointAllowed("http://localhost:11434/v1", [])).toBe(
      `baseUrl's host localhost is a private address (loopback); ${allowHint}`,
    );
    expect(checkEndpointAllowed("http://LOCALHOST./v1", [])).toContain("(loopback)");
    expect(checkEndpointAllowed("http://embed.localhost/v1", [])).toContain("(loopback)");
  });

  it("passes public addresses and names, which are judged again when connecting", () => {
    expect(checkEndpointAllowed("https://93.184.216.34/v1", [])).toBeNull();
    expect(checkEndpointAllowed("https://[2606:2800:220:1:248:1893:25c8:1946]/v1", [])).toBeNull();
    expect(checkEndpointAllowed("https://api.openai.com/v1", [])).toBeNull();
  });

  it("passes what the allow-list holds, by name, address or range", () => {
    expect(checkEndpointAllowed("http://localhost:11434/v1", ["localhost"])).toBeNull();
    expect(checkEndpointAllowed("http://localhost:11434/v1", ["127.0.0.0/8"])).toBeNull();
    expect(checkEndpointAllowed("http://10.20.1.5/v1", ["10.20.0.0/16"])).toBeNull();
    expect(checkEndpointAllowed("http://10.21.1.5/v1", ["10.20.0.0/16"])).toContain("(private)");
    expect(checkEndpointAllowed("http://[::ffff:127.0.0.1]/v1", ["127.0.0.1"])).toBeNull();
  });
});

describe("resolving an endpoint's name when connecting", () => {
  function resolve(allowed: string[], all: boolean) {
    return new Promise<{ error: Error | null; addresses: string | LookupAddress[] }>((done) =>
      guardedLookup(privateHostAllowList(allowed))("localhost", { all, family: 4 }, (error, addresses) =>
        done({ error, addresses }),
      ),
    );
  }

  it("fails with kind configuration when the name resolves to an address that is not allowed", async () => {
    const { error } = await resolve([], true);
    expect(error).toBeInstanceOf(EmbeddingProviderError);
    expect(error).toMatchObject({
      kind: "configuration",
      message:
        "The embedding endpoint's host localhost resolves to a private address; allow it with VECTOR_EMBEDDING_PRIVATE_HOSTS",
    });
  });

  it("answers in the form asked for once the addresses are allowed", async () => {
    expect(await resolve(["127.0.0.0/8"], true)).toEqual({
      error: null,
      addresses: [{ address: "127.0.0.1", family: 4 }],
    });
    expect(await resolve(["localhost"], false)).toEqual({ error: null, addresses: "127.0.0.1" });
  });
});
