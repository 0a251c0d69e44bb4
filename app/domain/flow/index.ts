export {
  FLOW_TRIGGERS,
  FLOW_FIELDS,
  checkoutAbandonedPayload,
  checkoutRecoveredPayload,
} from "./flow-triggers";
export { sendFlowTriggers, pruneFlowTriggers } from "./send-flow-triggers.server";
export type { FlowTriggerHandle } from "./flow-triggers";
export { queueFlowTrigger } from "./queue-flow-trigger.server";
