import { prisma } from "~/db.server";
import type { BatchKeys } from "./batching-transport.server";

/** A batch's key kept on its emails' sends (RecoverySend.batchKey), scoped to the shop they belong to. */
export const recoverySendBatchKeys: BatchKeys = {
  async remember({ shop, batchKey, sendIds }) {
    await prisma.recoverySend.updateMany({ where: { shop, id: { in: sendIds } }, data: { batchKey } });
  },
  async forget({ shop, batchKey, sendIds }) {
    await prisma.recoverySend.updateMany({
      where: { shop, id: { in: sendIds }, batchKey },
      data: { batchKey: null },
    });
  },
};
