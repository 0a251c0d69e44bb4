export { DEMO_SHOP, DEMO_ACCESS_TOKEN } from "~/lib/demo-shop";
export { installDemoShop, DEMO_HOLDOUT_PERCENT } from "./install-demo-shop.server";
export { DEMO_APP_BRIDGE_SCRIPT } from "./app-bridge-stand-in";
