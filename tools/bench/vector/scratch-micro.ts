import superjson from "superjson";
import { searchInputSchema, searchOutputSchema } from "@cauldron/contracts";
import { toVectorLiteral } from "@cauldron/db";

function time(name: string, n: number, f: () => unknown) {
  for (let i = 0; i < 200; i++) f();
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const u = process.cpuUsage(t);
  console.log(name.padEnd(50), ((u.user + u.system) / n).toFixed(1), "µs");
}
for (const dims of [100, 784]) {
  const vector = Array.from({ length: dims }, () => Number((Math.random() * 2 - 1).toPrecision(9)));
  const input = { modelId: "2e3a315f-e91a-4202-9812-6d1445ca4983", vector, topK: 10, exact: false, efSearch: 100 };
  console.log(`--- ${dims} dims`);
  const body = JSON.stringify({ 0: superjson.serialize(input) });
  time("client: superjson.serialize + JSON.stringify", 3000, () => JSON.stringify({ 0: superjson.serialize(input) }));
  time("server: JSON.parse + superjson.deserialize", 3000, () => superjson.deserialize(JSON.parse(body)[0]));
  time("server: zod searchInputSchema.parse", 3000, () => searchInputSchema.parse(input));
  time("server: toVectorLiteral", 3000, () => toVectorLiteral(vector));
  const f32 = Float32Array.from(vector);
  const b64 = Buffer.from(f32.buffer).toString("base64");
  time("client: float32 → base64", 3000, () => Buffer.from(Float32Array.from(vector).buffer).toString("base64"));
  time("server: base64 → number[]", 3000, () =>
    Array.from(new Float32Array(Buffer.from(b64, "base64").buffer.slice(0))),
  );
  const hits = Array.from({ length: 10 }, (_, i) => ({
    id: "2e3a315f-e91a-4202-9812-6d1445ca498" + i,
    content: "fashion-mnist train image 123",
    metadata: { label: 3, bucket: 12 },
    entityType: null,
    entityId: null,
    score: 0.123456789,
    fusedScore: null,
  }));
  const out = {
    queryId: "2e3a315f-e91a-4202-9812-6d1445ca4983",
    modelId: "2e3a315f-e91a-4202-9812-6d1445ca4983",
    hits,
    strategy: "index",
  };
  time("server: output zod + superjson + stringify", 3000, () =>
    JSON.stringify(superjson.serialize(searchOutputSchema.parse(out))),
  );
}
