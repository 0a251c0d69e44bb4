/** What the catalog keeps of a product, whichever way it arrived (bulk export or webhook). */
export interface ProductFacts {
  /** Digits of the product's gid. */
  productId: string;
  handle: string;
  title: string;
  /** Plain text, at most MAX_DESCRIPTION_LENGTH characters. */
  description: string;
  productType: string | null;
  vendor: string | null;
  tags: string[];
  /** ACTIVE | DRAFT | ARCHIVED (or whatever Shopify adds next, uppercased). */
  status: string;
  currency: string;
  priceMinMinor: number;
  priceMaxMinor: number;
  imageUrl: string | null;
  availableForSale: boolean;
  shopifyUpdatedAt: Date;
}

/** The Product columns a sync or a webhook writes. */
export interface ProductColumns {
  handle: string;
  title: string;
  description: string;
  productType: string | null;
  vendor: string | null;
  tags: string;
  status: string;
  currency: string;
  priceMinMinor: number;
  priceMaxMinor: number;
  imageUrl: string | null;
  availableForSale: boolean;
  shopifyUpdatedAt: Date;
}

export function toProductColumns(facts: ProductFacts): ProductColumns {
  return {
    handle: facts.handle,
    title: facts.title,
    description: facts.description,
    productType: facts.productType,
    vendor: facts.vendor,
    tags: JSON.stringify(facts.tags),
    status: facts.status,
    currency: facts.currency,
    priceMinMinor: facts.priceMinMinor,
    priceMaxMinor: facts.priceMaxMinor,
    imageUrl: facts.imageUrl,
    availableForSale: facts.availableForSale,
    shopifyUpdatedAt: facts.shopifyUpdatedAt,
  };
}

/** Select clause for the stored columns hasProductChanged compares. */
export const PRODUCT_COLUMNS_SELECT = {
  handle: true,
  title: true,
  description: true,
  productType: true,
  vendor: true,
  tags: true,
  status: true,
  currency: true,
  priceMinMinor: true,
  priceMaxMinor: true,
  imageUrl: true,
  availableForSale: true,
  shopifyUpdatedAt: true,
} as const;

const DATA_KEYS = Object.keys(PRODUCT_COLUMNS_SELECT).filter((key) => key !== "shopifyUpdatedAt") as Array<
  Exclude<keyof ProductColumns, "shopifyUpdatedAt">
>;

/**
 * Whether anything a recommendation could see differs. updated_at alone does not count: Shopify moves it for
 * changes Cartback does not store (inventory counts, metafields), and each counted change rebuilds the index.
 */
export function hasProductChanged(stored: ProductColumns, next: ProductColumns): boolean {
  return DATA_KEYS.some((key) => stored[key] !== next[key]);
}
