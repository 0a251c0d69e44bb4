// The recovery engine's named outcomes: stored on enrolments, sends and events, read by every report and page.
export * from "./outcomes";
