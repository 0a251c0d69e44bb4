/** The one shop demo mode serves (`npm run demo`); no real store has this domain. */
export const DEMO_SHOP = "cartback-demo.myshopify.com";

/** The offline access token stored for the demo shop; only the demo's mocked Admin API accepts it. */
export const DEMO_ACCESS_TOKEN = "shpat_demo_offline_token";
