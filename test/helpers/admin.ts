import { API_KEY, API_SECRET_KEY, RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { TEST_APP_URL } from "./webhooks";

/**
 * A request from the embedded admin with a valid session token (HS256 JWT signed with the app secret, as
 * App Bridge sends it). `bearer` is a fetch from the app; `document` is the iframe's page load.
 */
export async function adminRequest(
  pathAndQuery: string,
  { shop, type = "bearer", init }: { shop: string; type?: "bearer" | "document"; init?: RequestInit },
): Promise<Request> {
  return setUpValidRequest(
    {
      type: type === "bearer" ? RequestType.Bearer : RequestType.Admin,
      store: shop.replace(/\.myshopify\.com$/, ""),
      apiKey: API_KEY,
      apiSecretKey: API_SECRET_KEY,
    },
    new Request(`${TEST_APP_URL}${pathAndQuery}`, init),
  );
}

/** The same request signed with the wrong secret. */
export async function forgedAdminRequest(pathAndQuery: string, { shop }: { shop: string }): Promise<Request> {
  return setUpValidRequest(
    {
      type: RequestType.Bearer,
      store: shop.replace(/\.myshopify\.com$/, ""),
      apiKey: API_KEY,
      apiSecretKey: "not-the-secret",
    },
    new Request(`${TEST_APP_URL}${pathAndQuery}`),
  );
}
