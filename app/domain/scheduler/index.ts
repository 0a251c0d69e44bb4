// The tick: every scheduled task of the app in one bounded run, and the in-process interval that calls it.
export { runTick, tickTasks, DEFAULT_TICK_BUDGET_MS } from "./run-tick.server";
export type { TickContext, TickDependencies, TickReport, TickTask } from "./run-tick.server";
export { startIntervalScheduler } from "./interval-scheduler.server";
export { getDeploymentHealth, TICK_LAG_LIMIT_SECONDS } from "./get-deployment-health.server";
export type { DeploymentHealth } from "./get-deployment-health.server";
