import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHAT_CONFIDENCE } from "./chat-answer";
import { ChatExtractionError, createChatExtractor, type ChatExtractorSettings } from "./chat-extractor";

type Reply = (response: ServerResponse) => void;

interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; response_format?: unknown; messages?: { role: string; content: string }[] };
}

const API_KEY = "sk-test-4f1c2a9d7e";
const received: ReceivedRequest[] = [];
const replies: Reply[] = [];
let baseUrl = "";
const server = createServer((request, response) => {
  const parts: Buffer[] = [];
  request.on("data", (part: Buffer) => parts.push(part));
  request.on("end", () => {
    received.push({
      path: request.url ?? "",
      headers: request.headers,
      body: JSON.parse(Buffer.concat(parts).toString("utf8")) as ReceivedRequest["body"],
    });
    (replies.shift() ?? answerWith({ entities: [], relationships: [] }))(response);
  });
});

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function answerWith(content: unknown): Reply {
  const text = typeof content === "string" ? content : JSON.stringify(content);
  return (response) => json(response, 200, { choices: [{ message: { role: "assistant", content: text } }] });
}

const failWith =
  (status: number, headers: Record<string, string> = {}): Reply =>
  (response) =>
    json(response, status, { error: { message: `failure ${status} for key ${API_KEY}` } }, headers);

function settings(overrides: Partial<ChatExtractorSettings> = {}): ChatExtractorSettings {
  return {
    url: `${baseUrl}/v1`,
    model: "extractor-model",
    apiKey: API_KEY,
    retryBaseMs: 5,
    retryMaxMs: 20,
    timeoutMs: 2_000,
    ...overrides,
  };
}

const TEXT = "Ada Lovelace worked with Charles Babbage in London. Later, Lovelace wrote the notes.";
const ANSWER = {
  entities: [
    { name: "Ada Lovelace", type: "Person", aliases: ["Lovelace"] },
    { name: "Charles Babbage", type: "person" },
    { name: "London", type: "place" },
    { name: "Atlantis", type: "place" },
  ],
  relationships: [
    { source: "Ada Lovelace", target: "Charles Babbage", type: "worked with" },
    { source: "Ada Lovelace", target: "Nobody Listed", type: "knows" },
  ],
};

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  replies.length = 0;
});

describe("the chat extractor", () => {
  it("asks the chat endpoint for JSON and finds each answered name in the text", async () => {
    replies.push(answerWith(ANSWER));
    const { mentions, relations } = await createChatExtractor(settings()).extract(TEXT);

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.path).toBe("/v1/chat/completions");
    expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request!.body.model).toBe("extractor-model");
    expect(request!.body.response_format).toEqual({ type: "json_object" });
    expect(request!.body.messages?.at(-1)).toEqual({ role: "user", content: TEXT });

    for (const mention of mentions) expect(TEXT.slice(mention.start, mention.end)).toBe(mention.text);
    const found = mentions.map(({ text, name, typeName }) => [text, name, typeName]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["Ada Lovelace", "Ada Lovelace", "person"],
        ["Lovelace", "Ada Lovelace", "person"],
        ["Charles Babbage", "Charles Babbage", "person"],
        ["London", "London", "place"],
      ]),
    );
    expect(found.some(([text]) => text === "Atlantis")).toBe(false);
    expect(mentions.every((mention) => mention.confidence === CHAT_CONFIDENCE)).toBe(true);
    expect(relations).toEqual([
      {
        sourceName: "Ada Lovelace",
        sourceType: "person",
        targetName: "Charles Babbage",
        targetType: "person",
        typeName: "worked_with",
        confidence: CHAT_CONFIDENCE,
      },
    ]);
  });

  it("sends no authorization header without a key", async () => {
    replies.push(answerWith(ANSWER));
    await createChatExtractor(settings({ apiKey: undefined })).extract(TEXT);

    expect(received[0]!.headers.authorization).toBeUndefined();
  });

  it("waits out a 429 and succeeds on the next attempt", async () => {
    replies.push(failWith(429, { "retry-after-ms": "30" }), answerWith(ANSWER));
    const { mentions } = await createChatExtractor(settings()).extract(TEXT);

    expect(received).toHaveLength(2);
    expect(mentions.length).toBeGreaterThan(0);
  });

  it("asks once more when the answer is not JSON, then uses the second answer", async () => {
    replies.push(answerWith("Sure! Here are the entities: Ada Lovelace"), answerWith(ANSWER));
    const { mentions } = await createChatExtractor(settings()).extract(TEXT);

    expect(received).toHaveLength(2);
    expect(mentions.map((mention) => mention.name)).toContain("Charles Babbage");
  });

  it("gives up after a second answer that is not the asked-for JSON", async () => {
    replies.push(answerWith("{not json"), answerWith({ entities: "none" }));

    await expect(createChatExtractor(settings()).extract(TEXT)).rejects.toThrow(ChatExtractionError);
    expect(received).toHaveLength(2);
  });

  it("gives up after its retries when the endpoint keeps failing, without quoting the key", async () => {
    for (let index = 0; index < 10; index += 1) replies.push(failWith(500));
    const extraction = createChatExtractor(settings({ maxRetries: 2 })).extract(TEXT);

    const error = await extraction.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ChatExtractionError);
    expect((error as Error).message).toContain("(500)");
    expect((error as Error).message).toContain("after 3 attempts");
    expect((error as Error).message).not.toContain(API_KEY);
    expect(received).toHaveLength(3);
  });

  it("does not retry a refusal such as a wrong key", async () => {
    replies.push(failWith(401));

    await expect(createChatExtractor(settings()).extract(TEXT)).rejects.toThrow("(401)");
    expect(received).toHaveLength(1);
  });

  it("retries an attempt that outlasts its timeout", async () => {
    replies.push((response) => setTimeout(() => answerWith(ANSWER)(response), 500), answerWith(ANSWER));
    const { mentions } = await createChatExtractor(settings({ timeoutMs: 100 })).extract(TEXT);

    expect(received).toHaveLength(2);
    expect(mentions.length).toBeGreaterThan(0);
  });

  it("retries when the endpoint cannot be reached, then gives up", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    await expect(
      createChatExtractor(settings({ url: `http://127.0.0.1:${port}/v1`, maxRetries: 1 })).extract(TEXT),
    ).rejects.toThrow(/could not be reached.*after 2 attempts/);
  });

  it("stops waiting as soon as its signal aborts", async () => {
    replies.push(failWith(503, { "retry-after": "20" }));
    const controller = new AbortController();
    const extraction = createChatExtractor(settings()).extract(TEXT, controller.signal);
    setTimeout(() => controller.abort(new Error("stopped by the caller")), 50);

    await expect(extraction).rejects.toThrow("stopped by the caller");
    expect(received).toHaveLength(1);
  });

  it("drops malformed entities and keeps the rest", async () => {
    replies.push(
      answerWith({
        entities: [{ name: "" }, { name: "London", type: "place", aliases: [42, "  "] }, "Paris", { type: "x" }],
      }),
    );
    const { mentions, relations } = await createChatExtractor(settings()).extract(TEXT);

    expect(mentions.map((mention) => mention.text)).toEqual(["London"]);
    expect(relations).toEqual([]);
  });
});
