import net from "node:net";
import fc from "fast-check";
import { countRowsPerModel, type ModelName } from "./database-scan";

/**
 * Generated hostile input for property-based route tests: what a confused or malicious client sends instead
 * of what a route expects. Bodies are raw text, so invalid JSON, deep nesting and integers beyond 2^53 can be
 * sent exactly.
 */

/** Strings with unicode, control characters and lone surrogates, empty or long. */
export const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202e",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
  ),
  fc.integer({ min: 10_000, max: 300_000 }).map((length) => "x".repeat(length)),
);

/** What fits in an HTTP header value (visible ASCII; fetch refuses anything else before it is sent). */
export const hostileHeader = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,300}$/),
  fc.integer({ min: 1_000, max: 8_000 }).map((length) => "A".repeat(length)),
);

/** Any JSON value, shallow or nested, of any type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    hostileString,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.constant(1), { minLength: 10_000, maxLength: 20_000 }),
    fc.dictionary(fc.string({ maxLength: 10 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Text that is not JSON, or JSON that breaks parsers. */
export const hostileText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom("", "{", "[1,2", '{"a":}', "null", "true", "0", '"text"', "NaN", "{}", "[]"),
  fc.integer({ min: 100, max: 20_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.integer({ min: 100, max: 5_000 }).map((depth) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
);

/** An integer beyond what a double holds exactly, as JSON text. */
export const hugeIntegerText = fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }).map(String);

const BIG = "__HOSTILE_BIG__";

/**
 * A valid JSON object made hostile in one place: a field removed, replaced by any value or a huge integer, an
 * extra field, or the whole body replaced by other JSON or by non-JSON.
 */
export function hostileBody(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(valid);
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    key.map((removed) => JSON.stringify({ ...valid, [removed]: undefined })),
    fc.tuple(key, hostileValue).map(([field, value]) => JSON.stringify({ ...valid, [field]: value })),
    fc
      .tuple(key, hugeIntegerText)
      .map(([field, digits]) => JSON.stringify({ ...valid, [field]: BIG }).replace(`"${BIG}"`, digits)),
    fc
      .tuple(fc.string({ maxLength: 20 }), hostileValue)
      .map(([field, value]) => JSON.stringify({ ...valid, [field]: value })),
    hostileValue.map((value) => JSON.stringify(value) ?? "null"),
    hostileText,
  );
}

/** Content types a client may claim. */
export const hostileContentType = fc.constantFrom(
  "application/json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "",
);

/** How many generated cases each property runs, per route family (bounded to keep CI short). */
export const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);

/**
 * Runs a route call and checks the invariants every public route keeps: never a 5xx, and a refusal (4xx)
 * leaves every table as it was. Returns the status so a property can check more.
 */
export async function expectSafeAnswer(call: () => Promise<Response>, shop?: string): Promise<number> {
  const before = await countRowsPerModel(shop);
  const response = await call();
  const status = response.status;
  if (status >= 500) throw new Error(`answered ${status}: ${(await response.text()).slice(0, 300)}`);
  if (status >= 400) {
    const after = await countRowsPerModel(shop);
    const changed = (Object.keys(before) as ModelName[]).filter((model) => before[model] !== after[model]);
    if (changed.length > 0) throw new Error(`a ${status} refusal changed ${changed.join(", ")}`);
  }
  return status;
}

/** Cases tried per route, written for docs/reliability.md when HOSTILE_REPORT names a file. */
export const casesTried: Record<string, Record<number, number>> = {};
export function countCase(route: string, status: number) {
  const byStatus = (casesTried[route] ??= {});
  byStatus[status] = (byStatus[status] ?? 0) + 1;
}

/** The size of each chunk a chunkedBody streams. */
export const CHUNK_BYTES = 16 * 1024;

/**
 * A body sent without a Content-Length (chunked), as a client streams it: `bytes` of "x" in chunks of
 * CHUNK_BYTES, each made only when the reader pulls it (nothing ahead), so `pulled` is what the route read.
 * A route that honours its limit pulls at most the limit plus the chunk that crossed it.
 */
export function chunkedBody(bytes: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= bytes) return controller.close();
        pulled += CHUNK_BYTES;
        controller.enqueue(new Uint8Array(CHUNK_BYTES).fill(0x78));
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled };
}

/**
 * POSTs a body without a Content-Length (chunked) to a real server over a plain socket (msw's interceptor would
 * buffer an http.request's body): up to `bytes` of "x", written as the server accepts them, and no more once
 * the answer starts. `sent` is what had been written then: a server that read bodies whole answered only after
 * all of it. Resolves with the first complete answer; rejects if the connection ends without one.
 */
export function postChunked(
  url: string,
  { bytes, headers = {} }: { bytes: number; headers?: Record<string, string> },
): Promise<{ status: number; body: string; sent: number }> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const frame = Buffer.concat([
      Buffer.from(`${(64 * 1024).toString(16)}\r\n`),
      Buffer.alloc(64 * 1024, "x"),
      Buffer.from("\r\n"),
    ]);
    let sent = 0;
    let sentBeforeAnswer: number | null = null;
    let received = Buffer.alloc(0);
    let ended = false;
    const endBody = () => {
      if (!ended && !socket.destroyed) socket.write("0\r\n\r\n");
      ended = true;
    };
    socket.on("data", (data) => {
      sentBeforeAnswer ??= sent;
      received = Buffer.concat([received, data]);
      const answer = completeAnswer(received);
      if (!answer) return;
      endBody();
      socket.end();
      resolve({ ...answer, sent: sentBeforeAnswer });
    });
    socket.on("error", (error) => {
      if (sentBeforeAnswer === null) reject(error);
    });
    socket.on("close", () => {
      if (!completeAnswer(received)) reject(new Error(`no answer to POST ${pathname} (after ${sent} bytes)`));
    });
    const head = [
      `POST ${pathname}${search} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      "Transfer-Encoding: chunked",
    ];
    for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    // One frame at a time, each once the last has left: the answer is read as soon as it comes, even on a
    // busy machine, instead of after a burst of writes into a connection the server may be closing.
    const writeMore = () => {
      if (sentBeforeAnswer !== null || sent >= bytes || socket.destroyed) return endBody();
      sent += 64 * 1024;
      socket.write(frame, () => setImmediate(writeMore));
    };
    writeMore();
  });
}

/** The status and body of a whole HTTP/1.1 answer (Content-Length or chunked), or null while it is partial. */
function completeAnswer(raw: Buffer): { status: number; body: string } | null {
  const headEnd = raw.indexOf("\r\n\r\n");
  if (headEnd < 0) return null;
  const head = raw.subarray(0, headEnd).toString("latin1");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  let rest = raw.subarray(headEnd + 4);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
  if (length !== undefined)
    return rest.length >= Number(length)
      ? { status, body: rest.subarray(0, Number(length)).toString() }
      : null;
  const parts: Buffer[] = [];
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    if (lineEnd < 0) return null;
    const size = Number.parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
    if (size === 0) return { status, body: Buffer.concat(parts).toString() };
    if (rest.length < lineEnd + 2 + size + 2) return null;
    parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
    rest = rest.subarray(lineEnd + 2 + size + 2);
  }
}
