import { describe, expect, it } from "vitest";
import { LineTooLongError, readLines } from "./read-lines";

function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const result: string[] = [];
  for await (const line of lines) result.push(line);
  return result;
}

describe("readLines", () => {
  it("splits lines across chunk boundaries, skipping blank lines and CRs", async () => {
    const lines = await collect(readLines(streamOf(['{"a":', '1}\n{"b"', ":2}\r\n\n", '{"c":3}'])));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("keeps a multi-byte character split between two chunks intact", async () => {
    const bytes = new TextEncoder().encode("café ☕\nnext\n");
    const lines = await collect(readLines(streamOf([bytes.slice(0, 4), bytes.slice(4, 7), bytes.slice(7)])));
    expect(lines).toEqual(["café ☕", "next"]);
  });

  it("refuses a line longer than the limit instead of buffering it", async () => {
    await expect(collect(readLines(streamOf(["x".repeat(50), "y".repeat(60)]), 100))).rejects.toBeInstanceOf(
      LineTooLongError,
    );
  });

  it("cancels the stream when the reader stops early", async () => {
    let cancelled = false;
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(`line ${sent++}\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const line of readLines(stream)) if (line === "line 2") break;
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(10);
  });
});
