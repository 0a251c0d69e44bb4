import { http, HttpResponse } from "msw";
import { mockAdminOperation } from "./shopify-admin";
import { mockServer } from "./server";

/**
 * Shopify's bulk operations, mocked: GetBulkOperation answers for one operation, and its JSONL result is
 * served as a stream produced line by line on demand, so a 100,000-product export costs the mock nothing.
 */

export const bulkOperationGid = (id: number | string) => `gid://shopify/BulkOperation/${id}`;
export const bulkResultUrl = (id: number | string) =>
  `https://storage.googleapis.com/shopify-bulk/${id}.jsonl`;

export interface BulkProductLine {
  id: number | string;
  handle?: string;
  title?: string;
  description?: string;
  productType?: string;
  vendor?: string;
  tags?: string[];
  status?: string;
  updatedAt?: string;
  price?: [min: string, max: string];
  currencyCode?: string;
  imageUrl?: string | null;
  /** Product.category.fullName; null (the default) when unset. */
  category?: string | null;
  /**
   * The Search & Discovery metafields: product ids written as the metafield's value (a JSON string of gids),
   * or the raw value when a string; null (the default) when the merchant linked none.
   */
  complementaryProducts?: Array<number | string> | string | null;
  relatedProducts?: Array<number | string> | string | null;
}

/** A list.product_reference metafield as the export writes it: `{ value }` holding a JSON string of gids. */
function metafieldOf(value: Array<number | string> | string | null | undefined) {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return { value };
  return { value: JSON.stringify(value.map((id) => `gid://shopify/Product/${id}`)) };
}

/** A product line exactly as Shopify writes it for PRODUCTS_BULK_QUERY. */
export function productLine(product: BulkProductLine): string {
  const [min, max] = product.price ?? ["10.00", "10.00"];
  const currencyCode = product.currencyCode ?? "USD";
  return JSON.stringify({
    id: `gid://shopify/Product/${product.id}`,
    handle: product.handle ?? `product-${product.id}`,
    title: product.title ?? `Product ${product.id}`,
    description: product.description ?? "",
    productType: product.productType ?? "",
    vendor: product.vendor ?? "Acme",
    tags: product.tags ?? [],
    category: product.category ? { fullName: product.category } : null,
    complementaryProducts: metafieldOf(product.complementaryProducts),
    relatedProducts: metafieldOf(product.relatedProducts),
    status: product.status ?? "ACTIVE",
    updatedAt: product.updatedAt ?? "2026-11-01T10:00:00Z",
    priceRangeV2: {
      minVariantPrice: { amount: min, currencyCode },
      maxVariantPrice: { amount: max, currencyCode },
    },
    featuredMedia:
      product.imageUrl === null
        ? null
        : { preview: { image: { url: product.imageUrl ?? `https://cdn.shopify.com/p/${product.id}.jpg` } } },
  });
}

/**
 * A variant line. `unitCost` is for PRODUCTS_WITH_COSTS_BULK_QUERY (read_inventory): a cost, or null for a
 * variant without one; left out, the line has no inventoryItem, as the export without costs writes it.
 */
export function variantLine(
  productId: number | string,
  variantId: number | string,
  availableForSale: boolean,
  unitCost?: { amount: string; currencyCode: string } | null,
): string {
  return JSON.stringify({
    id: `gid://shopify/ProductVariant/${variantId}`,
    availableForSale,
    ...(unitCost === undefined ? {} : { inventoryItem: { unitCost } }),
    __parentId: `gid://shopify/Product/${productId}`,
  });
}

/** A stream that asks `lines` for the next line only when the reader wants more. */
export function lineStream(lines: Iterable<string>, linesPerChunk = 200): ReadableStream<Uint8Array> {
  const iterator = lines[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = "";
      for (let count = 0; count < linesPerChunk; count++) {
        const next = iterator.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += `${next.value}\n`;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

/** Shopify's answer to bulkOperationRunQuery: the export is created with this id. */
export function mockBulkQueryStart(id: number | string) {
  mockAdminOperation("RunProductsBulkQuery", () => ({
    data: {
      bulkOperationRunQuery: {
        bulkOperation: { id: bulkOperationGid(id), status: "CREATED" },
        userErrors: [],
      },
    },
  }));
}

/** Shopify refusing bulkOperationRunQuery with user errors (OPERATION_IN_PROGRESS, INVALID, LIMIT_REACHED). */
export function mockBulkQueryRejected(userErrors: Array<{ code: string; message: string }>) {
  mockAdminOperation("RunProductsBulkQuery", () => ({
    data: {
      bulkOperationRunQuery: {
        bulkOperation: null,
        userErrors: userErrors.map((error) => ({ field: ["query"], ...error })),
      },
    },
  }));
}

export interface BulkOperationState {
  id: number | string;
  status?: string;
  errorCode?: string | null;
  /** Whether the export wrote a file; an export that found nothing has no url. */
  hasFile?: boolean;
}

/** The `data` of a GetBulkOperation answer. */
export function bulkOperationAnswer({
  id,
  status = "COMPLETED",
  errorCode = null,
  hasFile = true,
}: BulkOperationState) {
  return {
    data: {
      bulkOperation: {
        id: bulkOperationGid(id),
        status,
        errorCode,
        url: status === "COMPLETED" && hasFile ? bulkResultUrl(id) : null,
        partialDataUrl: null,
        objectCount: hasFile ? "1" : "0",
      },
    },
  };
}

/** Serves the JSONL result of operation `id`, produced afresh (and lazily) for every download. */
export function mockBulkDownload(id: number | string, lines: () => Iterable<string>) {
  mockServer.use(http.get(bulkResultUrl(id), () => new HttpResponse(lineStream(lines()))));
}

/** GetBulkOperation answers for this operation (null for any other), and its result downloads. */
export function mockBulkOperation(state: BulkOperationState & { lines?: () => Iterable<string> }) {
  mockAdminOperation("GetBulkOperation", ({ variables }) =>
    variables.id === bulkOperationGid(state.id)
      ? bulkOperationAnswer(state)
      : { data: { bulkOperation: null } },
  );
  if (state.lines) mockBulkDownload(state.id, state.lines);
}
