export { reportSendsToShopify } from "./report-sends-to-shopify.server";
export { queueAbandonmentReports } from "./queue-abandonment-reports.server";
export { sendAbandonmentReports } from "./send-abandonment-reports.server";
export type { ReportSettledOutcome } from "./send-abandonment-reports.server";
export { findMarketingEventsAccess } from "./find-marketing-events-access.server";
export { REASONS as ABANDONMENT_REPORT_REASONS, MARKETING_EVENTS_SCOPE } from "./report-policy";
