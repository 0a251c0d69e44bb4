import fs from "node:fs";
import { E2E } from "./harness";

/** Once per `npm run test:e2e`: last run's database and screenshots go, so every image is this run's. */
export default function setup() {
  fs.rmSync(E2E.dir, { recursive: true, force: true });
  fs.mkdirSync(E2E.dir, { recursive: true });
}
