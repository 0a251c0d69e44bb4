import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  RunProductsBulkQueryMutation,
  RunProductsBulkQueryMutationVariables,
} from "./generated/admin.generated";

/**
 * The bulk export of the catalog, read by app/domain/catalog/bulk-product-line.ts. Variants and collections
 * come out as their own JSONL lines with `__parentId`; only availableForSale is asked of variants (and, below,
 * their unit cost), only the id and title of collections (segment conditions match a cart by collection title).
 * The two metafields are the products the merchant linked in the Search & Discovery app (list.product_reference,
 * a JSON string of product gids): objects, not connections, so they cost the export no extra lines.
 * This one is for a shop that has not granted read_inventory: no product costs.
 */
export const PRODUCTS_BULK_QUERY = `#graphql
  {
    products {
      edges {
        node {
          id
          handle
          title
          description
          productType
          vendor
          tags
          category { fullName }
          complementaryProducts: metafield(
            namespace: "shopify--discovery--product_recommendation"
            key: "complementary_products"
          ) { value }
          relatedProducts: metafield(
            namespace: "shopify--discovery--product_recommendation"
            key: "related_products"
          ) { value }
          status
          updatedAt
          priceRangeV2 {
            minVariantPrice { amount currencyCode }
            maxVariantPrice { amount currencyCode }
          }
          featuredMedia { preview { image { url } } }
          variants {
            edges {
              node { id availableForSale }
            }
          }
          collections {
            edges {
              node { id title }
            }
          }
        }
      }
    }
  }`;

/**
 * The same export with each variant's unit cost (InventoryItem.unitCost, the merchant's "Cost per item"), for
 * profit and the margin floor. Asking for it without the read_inventory scope fails the whole export, so it is
 * used only when the shop's grant includes that scope. Two whole documents rather than one built from parts:
 * codegen and the schema test read each literal as written (a test keeps the two alike).
 */
export const PRODUCTS_WITH_COSTS_BULK_QUERY = `#graphql
  {
    products {
      edges {
        node {
          id
          handle
          title
          description
          productType
          vendor
          tags
          category { fullName }
          complementaryProducts: metafield(
            namespace: "shopify--discovery--product_recommendation"
            key: "complementary_products"
          ) { value }
          relatedProducts: metafield(
            namespace: "shopify--discovery--product_recommendation"
            key: "related_products"
          ) { value }
          status
          updatedAt
          priceRangeV2 {
            minVariantPrice { amount currencyCode }
            maxVariantPrice { amount currencyCode }
          }
          featuredMedia { preview { image { url } } }
          variants {
            edges {
              node { id availableForSale inventoryItem { unitCost { amount currencyCode } } }
            }
          }
          collections {
            edges {
              node { id title }
            }
          }
        }
      }
    }
  }`;

const RunProductsBulkQuerySchema = z.object({
  bulkOperationRunQuery: z
    .object({
      bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
      userErrors: z.array(
        z.object({
          field: z.array(z.string()).nullish(),
          message: z.string(),
          code: z.string().nullish(),
        }),
      ),
    })
    .nullable(),
});
export type RunProductsBulkQueryData = z.infer<typeof RunProductsBulkQuerySchema>;

export const RunProductsBulkQuery = defineOperation<{ query: string }, RunProductsBulkQueryData>({
  name: "RunProductsBulkQuery",
  query: `#graphql
    mutation RunProductsBulkQuery($query: String!) {
      bulkOperationRunQuery(query: $query) {
        bulkOperation { id status }
        userErrors { field message code }
      }
    }`,
  schema: RunProductsBulkQuerySchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ query: string }, RunProductsBulkQueryMutationVariables>,
  Fits<SchemaAnswer<RunProductsBulkQueryMutation>, RunProductsBulkQueryData>,
];
