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
  /**
   * Shopify's standard product category, its full name ("Furniture > Tables > Table Tops"); null when unset.
   * Undefined when the source did not say (a products/update from an API version before 2024-10): the stored
   * one stays.
   */
  category: string | null | undefined;
  tags: string[];
  /**
   * Id digits of the products the merchant linked in Search & Discovery (complementary: bought with this one;
   * related: alternatives to it). Undefined when the source does not carry them, as product webhooks never do
   * (their payload has no metafields): the stored links stay until the next full sync, never wiped.
   */
  complementaryProductIds: string[] | undefined;
  relatedProductIds: string[] | undefined;
  /** ACTIVE | DRAFT | ARCHIVED (or whatever Shopify adds next, uppercased). */
  status: string;
  currency: string;
  priceMinMinor: number;
  priceMaxMinor: number;
  imageUrl: string | null;
  availableForSale: boolean;
  shopifyUpdatedAt: Date;
}

/** The Product columns a sync or a webhook writes. An undefined one is left as stored (Prisma skips it). */
export interface ProductColumns {
  handle: string;
  title: string;
  description: string;
  productType: string | null;
  vendor: string | null;
  category: string | null | undefined;
  tags: string;
  /** JSON arrays of id digits. */
  complementaryProductIds: string | undefined;
  relatedProductIds: string | undefined;
  status: string;
  currency: string;
  priceMinMinor: number;
  priceMaxMinor: number;
  imageUrl: string | null;
  availableForSale: boolean;
  shopifyUpdatedAt: Date;
}

const toJsonUnlessAbsent = (ids: string[] | undefined) =>
  ids === undefined ? undefined : JSON.stringify(ids);

export function toProductColumns(facts: ProductFacts): ProductColumns {
  return {
    handle: facts.handle,
    title: facts.title,
    description: facts.description,
    productType: facts.productType,
    vendor: facts.vendor,
    category: facts.category,
    tags: JSON.stringify(facts.tags),
    complementaryProductIds: toJsonUnlessAbsent(facts.complementaryProductIds),
    relatedProductIds: toJsonUnlessAbsent(facts.relatedProductIds),
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
  category: true,
  tags: true,
  complementaryProductIds: true,
  relatedProductIds: true,
  status: true,
  currency: true,
  priceMinMinor: true,
  priceMaxMinor: true,
  imageUrl: true,
  availableForSale: true,
  shopifyUpdatedAt: true,
} as const;

/** The columns as read back: every one has a value. */
export type StoredProductColumns = { [Key in keyof ProductColumns]: Exclude<ProductColumns[Key], undefined> };

const DATA_KEYS = Object.keys(PRODUCT_COLUMNS_SELECT).filter((key) => key !== "shopifyUpdatedAt") as Array<
  Exclude<keyof ProductColumns, "shopifyUpdatedAt">
>;

/**
 * Whether anything a recommendation could see differs. updated_at alone does not count: Shopify moves it for
 * changes Cartback does not store (inventory counts, other metafields), and each counted change rebuilds the
 * index. A column the source did not carry (undefined) is left as stored, so it cannot differ.
 */
export function hasProductChanged(stored: StoredProductColumns, next: ProductColumns): boolean {
  return DATA_KEYS.some((key) => next[key] !== undefined && stored[key] !== next[key]);
}
