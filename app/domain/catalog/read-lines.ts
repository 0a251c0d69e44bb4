/**
 * The lines of a UTF-8 text stream, one at a time, holding no more than the current chunk and one partial
 * line: a bulk export of 100,000 products is read in constant memory.
 */

/** A single line longer than this is not a product; reading stops rather than buffering without end. */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

export class LineTooLongError extends Error {}

export async function* readLines(
  body: ReadableStream<Uint8Array>,
  maxLineLength = MAX_LINE_LENGTH,
): AsyncGenerator<string> {
  const reader = body.getReader();
  // In streaming mode a character split across two chunks is held back until its last byte arrives.
  const decoder = new TextDecoder("utf-8");
  let partial = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      let newline = text.indexOf("\n");
      while (newline !== -1) {
        const line = partial + text.slice(start, newline);
        partial = "";
        if (line.trim()) yield line.endsWith("\r") ? line.slice(0, -1) : line;
        start = newline + 1;
        newline = text.indexOf("\n", start);
      }
      partial += text.slice(start);
      if (partial.length > maxLineLength)
        throw new LineTooLongError(`a line exceeds ${maxLineLength} characters`);
      if (done) break;
    }
    if (partial.trim()) yield partial;
  } finally {
    // Stops the download when the reader gives up early (an error, or a lost lease).
    await reader.cancel().catch(() => {});
  }
}
