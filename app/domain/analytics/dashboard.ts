import type { CatalogOverview } from "~/domain/catalog";
import type { SendingStatusView, SetupStep } from "~/domain/shops";
import type { DashboardPeriod } from "./dashboard-period";
import type { DailyPoint } from "./get-daily-series.server";
import type { RecoveryFigures } from "./get-recovery-figures.server";
import type { StepFunnelRow } from "./get-step-funnel.server";
import type { SubjectTest } from "./get-subject-tests.server";

/**
 * Everything the app home shows, in one plain-data document (ISO strings, numbers, minor units): what the
 * loader returns and the page renders. Types only, so browser code can import it.
 */

export interface DashboardSubjectTest extends SubjectTest {
  /** The step's subject lines as they are set now; they may have been edited since these emails went out. */
  currentSubjects: { A: string | null; B: string | null };
}

export interface Dashboard {
  shop: { domain: string; name: string | null; currency: string; timezone: string };
  period: DashboardPeriod;
  sending: SendingStatusView;
  /** The holdout share set now (the period's lift is measured on whoever was held out then). */
  holdoutPercent: number;
  setup: SetupStep[];
  figures: Omit<RecoveryFigures, "period">;
  funnel: StepFunnelRow[];
  subjectTests: DashboardSubjectTest[];
  daily: DailyPoint[];
  catalog: CatalogOverview;
}
