import { checkHashKey } from "~/domain/privacy";
import { reencryptPersonalData } from "~/domain/privacy/reencrypt-personal-data.server";
import { prisma } from "~/db.server";

// `npm run data:reencrypt`: after a key rotation, seals every personal field again under DATA_ENCRYPTION_KEY
// (see docs/reliability.md, key rotation). Safe to run while the app runs, and to run again. It refuses, as the
// server does, when DATA_HASH_KEY is not the key the stored hashes were made with: the rotation is misconfigured.
const hashKey = await checkHashKey();
if (!hashKey.ok) {
  process.stderr.write(`${hashKey.reason}\n`);
  await prisma.$disconnect();
  process.exit(1);
}
const counts = await reencryptPersonalData();
const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
process.stdout.write(`sealed again under the current key: ${JSON.stringify(counts)} (${total} fields)\n`);
await prisma.$disconnect();
