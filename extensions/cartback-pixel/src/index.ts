import { register } from "@shopify/web-pixels-extension";
import { startPixel } from "./pixel";

// The pixel's entry point: Shopify's pixel manager calls this in its sandbox (runtime_context = "strict").
register((api) => startPixel(api));
