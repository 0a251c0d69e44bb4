import { AppError } from "./app-error";

/**
 * A request body's chunks, counted as they stream: the chunk that takes the count past `limit` is not passed
 * on, a PAYLOAD_TOO_LARGE (413) is thrown instead and the source is read no further. A body sent without a
 * Content-Length (chunked) has no size to check up front, so this is the only bound it meets: whoever reads
 * through it holds at most `limit` bytes, plus the one chunk that crossed it. The routes' readers
 * (readBodyWithLimit) and the server's count of every request (server/request-body.ts) both read through it.
 */
export async function* limitChunks(
  chunks: AsyncIterable<Uint8Array>,
  limit: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw new AppError("PAYLOAD_TOO_LARGE", `body exceeds ${limit} bytes`);
    yield chunk;
  }
}
