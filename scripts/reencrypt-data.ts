import { reencryptPersonalData } from "~/domain/privacy/reencrypt-personal-data.server";
import { prisma } from "~/db.server";

// `npm run data:reencrypt`: after a key rotation, seals every personal field again under DATA_ENCRYPTION_KEY
// (see docs/reliability.md, key rotation). Safe to run while the app runs, and to run again.
const counts = await reencryptPersonalData();
const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
process.stdout.write(`sealed again under the current key: ${JSON.stringify(counts)} (${total} fields)\n`);
await prisma.$disconnect();
