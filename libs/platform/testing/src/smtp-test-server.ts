import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message as an SMTP server received it. */
export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  /** The decoded text body. */
  text: string;
}

/** A real SMTP server on loopback for tests: it requires the credentials in `url` and keeps what it receives. */
export interface SmtpTestServer {
  /** smtp://user:password@127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  received: ReceivedEmail[];
  /** Answers the next `count` messages with a temporary failure (451), as a busy server would. */
  rejectNext(count: number): void;
  /** How many messages were turned away by rejectNext. */
  rejectedCount(): number;
  /** Answers every later message only `ms` after receiving it (keeping it), as a slow server would. */
  delayReplies(ms: number): void;
  /** Waits for the next message to `recipient` not returned before. */
  nextTo(recipient: string, timeoutMs?: number): Promise<ReceivedEmail>;
  close(): Promise<void>;
}

const USER = "cauldron";
const PASSWORD = "smtp-test-password";

/** Starts an SMTP server on an ephemeral loopback port. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedEmail[] = [];
  const taken = new Set<ReceivedEmail>();
  let toReject = 0;
  let rejected = 0;
  let replyDelayMs = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (toReject > 0) {
          toReject -= 1;
          rejected += 1;
          callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
          return;
        }
        const envelope = session.envelope;
        received.push({
          ...parseMessage(Buffer.concat(chunks).toString("utf8")),
          from: envelope.mailFrom ? envelope.mailFrom.address : "",
          to: envelope.rcptTo.map((recipient) => recipient.address),
        });
        if (replyDelayMs > 0) setTimeout(() => callback(null), replyDelayMs);
        else callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    received,
    rejectNext(count) {
      toReject = count;
    },
    rejectedCount: () => rejected,
    delayReplies(ms) {
      replyDelayMs = ms;
    },
    async nextTo(recipient, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = received.find(
          (candidate) =>
            !taken.has(candidate) && candidate.to.some((to) => to.toLowerCase() === recipient.toLowerCase()),
        );
        if (message) {
          taken.add(message);
          return message;
        }
        if (Date.now() > deadline) throw new Error(`no email reached ${recipient} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads the subject and the text body of a simple single-part message. */
function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? Buffer.from(
          body
            .replace(/=\r\n/g, "")
            .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          "latin1",
        ).toString("utf8")
      : encoding === "base64"
        ? Buffer.from(body, "base64").toString("utf8")
        : body;
  return { subject: header("Subject"), text: text.replace(/\r\n/g, "\n").trimEnd() };
}
