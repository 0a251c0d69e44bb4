import type { CatalogOverview } from "~/domain/catalog";
import type { ReconciliationOutcome } from "~/domain/reconciliation";
import type { SendingStatusView, SetupStep } from "~/domain/shops";
import type { AliveWarning } from "./alive-warnings";
import type { DashboardPeriod } from "./dashboard-period";
import type { DailyPoint } from "./get-daily-series.server";
import type { LeakedCodeFigures } from "./get-leaked-codes.server";
import type { RecoveryFigures } from "./get-recovery-figures.server";
import type { SegmentFigures } from "./get-segment-figures.server";
import type { StepFunnelRow } from "./get-step-funnel.server";

/**
 * Everything the app home shows, in one plain-data document (ISO strings, numbers, minor units): what the
 * loader returns and the page renders. Types only, so browser code can import it.
 */

/** "Is Cartback working?": the last of each kind of activity for the shop (ISO instants), and what is wrong. */
export interface AliveStatus {
  /** The time these facts were read at, so "12 minutes ago" reads the same on the server and in the browser. */
  checkedAt: string;
  /** When Shopify last updated a checkout the app received (by webhook or reconciliation). */
  lastCheckoutAt: string | null;
  /** When the scheduled tick last finished (for the whole deployment, not per shop). */
  lastTickAt: string | null;
  lastEmailAt: string | null;
  reconciliation: {
    lastFinishedAt: string | null;
    lastOutcome: ReconciliationOutcome | null;
    lastError: string | null;
    lastSeen: number;
    lastFound: number;
    totalFound: number;
    /** The merchant asked for a check that has not started yet. */
    isCheckPending: boolean;
  };
  warnings: AliveWarning[];
}

export interface Dashboard {
  shop: { domain: string; name: string | null; currency: string; timezone: string };
  period: DashboardPeriod;
  sending: SendingStatusView;
  /** The holdout share set now (the period's lift is measured on whoever was held out then). */
  holdoutPercent: number;
  setup: SetupStep[];
  figures: Omit<RecoveryFigures, "period">;
  /** The period's leaked redemptions of our codes, and whether codes are bound to the customer now. */
  leakedCodes: LeakedCodeFigures & { isCustomerBound: boolean };
  funnel: StepFunnelRow[];
  /** The period's cohort per customer segment, in the shop's order (get-segment-figures.server.ts). */
  segments: SegmentFigures[];
  daily: DailyPoint[];
  catalog: CatalogOverview;
  alive: AliveStatus;
}
