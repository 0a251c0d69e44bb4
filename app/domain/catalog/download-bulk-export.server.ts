import { LineTooLongError, readLines } from "./read-lines";

/** A failure of one import attempt, in words the merchant can read; retryable ones are tried again later. */
export class CatalogImportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "CatalogImportError";
  }
}

// Generous: the file is read as fast as the database takes it, and a large catalog takes minutes.
const DOWNLOAD_TIMEOUT_MS = 30 * 60 * 1000;

function describe(error: unknown): string {
  const shaped = error as { name?: string; message?: string; cause?: { message?: string } };
  if (shaped?.name === "TimeoutError" || shaped?.name === "AbortError") return "timed out";
  return shaped?.cause?.message ?? shaped?.message ?? String(error);
}

/**
 * The lines of a bulk operation's JSONL result, streamed as they are read. Every failure of the download
 * becomes a CatalogImportError; the signed URL may have expired, so each attempt asks Shopify for a fresh one.
 */
export async function* downloadBulkExport(
  url: string,
  { signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }: { signal?: AbortSignal } = {},
): AsyncGenerator<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw new CatalogImportError(`could not download Shopify's export (${describe(error)})`, true);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new CatalogImportError(`downloading Shopify's export failed (HTTP ${response.status})`, true);
  }
  try {
    yield* readLines(response.body);
  } catch (error) {
    if (error instanceof LineTooLongError)
      throw new CatalogImportError(`Shopify's export is malformed: ${error.message}`, false);
    throw new CatalogImportError(
      `the download of Shopify's export was interrupted (${describe(error)})`,
      true,
    );
  }
}
