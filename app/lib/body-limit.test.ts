import { describe, expect, it } from "vitest";
import { limitChunks } from "./body-limit";

const CHUNK = 1000;

/** A body that never ends, counting the chunks taken from it. */
function endless() {
  let taken = 0;
  async function* chunks() {
    for (;;) {
      taken += CHUNK;
      yield new Uint8Array(CHUNK);
    }
  }
  return { chunks: chunks(), taken: () => taken };
}

describe("limitChunks", () => {
  it("passes a body within the limit through whole", async () => {
    const read: number[] = [];
    async function* three() {
      for (let i = 0; i < 3; i++) yield new Uint8Array(CHUNK);
    }
    for await (const chunk of limitChunks(three(), 3 * CHUNK)) read.push(chunk.byteLength);
    expect(read).toEqual([CHUNK, CHUNK, CHUNK]);
  });

  it("stops a body that never ends at the chunk that crosses the limit, with a 413", async () => {
    const body = endless();
    let passedOn = 0;
    const reading = (async () => {
      for await (const chunk of limitChunks(body.chunks, 10 * CHUNK + 1)) passedOn += chunk.byteLength;
    })();
    await expect(reading).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(passedOn).toBe(10 * CHUNK);
    expect(body.taken()).toBe(11 * CHUNK);
  });
});
