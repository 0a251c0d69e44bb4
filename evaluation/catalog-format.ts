/**
 * The shape of a real public catalog as the recommendation evaluation reads it (evaluation/catalogs/*.json.gz).
 * Each catalog is converted once from its public source by evaluation/import/<slug>.ts; evaluation/README.md
 * cites every source (address, commit, licence) and says how its fields were mapped.
 */

export interface EvaluationProduct {
  /** Stable within the catalog (the source's own id where it has one). */
  id: string;
  handle: string;
  title: string;
  /** Plain text (HTML stripped). */
  description: string;
  /** The merchant's own product type; null when the source has none for this product (never ""). */
  productType: string | null;
  /**
   * A category path as Shopify's standard product taxonomy would give it ("Furniture > Tables > Table Tops"),
   * or the source's own category path when it has no taxonomy; null when unknown.
   */
  category: string | null;
  vendor: string | null;
  tags: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  availableForSale: boolean;
  /** Lowest variant price in minor units. */
  priceMinor: number;
  currency: string;
  /**
   * Products of one product line (sizes, colours or variants sold as separate products) share this key,
   * taken from the source's own grouping where it has one (a parent id, a model family); null when the
   * source gives none. How each catalog's key was derived is written in evaluation/README.md.
   */
  lineKey: string | null;
  /** The merchant's curated cross-sells / complementary products: ids of this catalog. */
  crossSells: string[];
}

export interface EvaluationCatalog {
  slug: string;
  name: string;
  source: {
    url: string;
    repository?: string;
    path?: string;
    commit?: string;
    license: string;
    notes: string;
  };
  products: EvaluationProduct[];
  /** Real orders' product ids (one array per order), when the source has them. */
  orders?: string[][];
}
