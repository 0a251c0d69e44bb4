import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { Interval } from "~/domain/analytics";
import type {
  ContentExperimentFigures,
  ContentExperiments,
  ExperimentDecisionView,
  ExperimentVariantFigures,
} from "~/domain/experiments";
import { formatAmount, formatCount, formatInstant, formatRateTenths, NO_VALUE } from "./dashboard-format";
import { ActionAnswerLine, type ActionAnswer } from "./action-answer";
import { RangeLines } from "./range-lines";

/** Where the card's Promote and Undo buttons post (app/routes/app.experiments.tsx). */
export const EXPERIMENTS_ACTION = "/app/experiments";

/** "5.1% (3.2% to 7.4%)": a rate and its 95% interval; a dash without emails. */
const rateWithRange = (interval: Interval | null) =>
  interval === null
    ? NO_VALUE
    : `${formatRateTenths(interval.estimate)} (${formatRateTenths(interval.low)} to ${formatRateTenths(interval.high)})`;

function moneyWithRange(interval: Interval | null, currency: string) {
  if (interval === null) return NO_VALUE;
  const money = (minor: number) => formatAmount(Math.round(minor), currency);
  // A range of one value is exact (no recovery yet): no brackets.
  return interval.low === interval.high
    ? money(interval.estimate)
    : `${money(interval.estimate)} (${money(Math.max(0, interval.low))} to ${money(interval.high)})`;
}

function badgeOf(experiment: ContentExperimentFigures): {
  tone?: "success" | "info" | "attention";
  text: string;
} {
  if (experiment.standing) return { tone: "success", text: `${experiment.standing.winner} promoted` };
  const { verdict } = experiment;
  if (verdict.outcome === "WINNER") return { tone: "attention", text: `${verdict.winner} meets the rule` };
  if (verdict.outcome === "NOT_YET") return { tone: "info", text: "Running" };
  return { text: "Too early to tell" };
}

function VariantCell({ figures }: { figures: ExperimentVariantFigures }) {
  return (
    <div style={{ whiteSpace: "normal", minWidth: "14rem" }}>
      <Text as="span">{`“${figures.content.subject}”`}</Text>
      <br />
      <Text as="span" tone="subdued" variant="bodySm">
        {figures.summary}
      </Text>
    </div>
  );
}

function DecisionLog({
  experiment,
  timeZone,
  fetcher,
}: {
  experiment: ContentExperimentFigures;
  timeZone: string;
  fetcher: ReturnType<typeof useFetcher<ActionAnswer>>;
}) {
  if (experiment.decisions.length === 0) return null;
  const line = (decision: ExperimentDecisionView) =>
    `${formatInstant(decision.decidedAt, timeZone)}: ${decision.winner} promoted ${
      decision.decidedBy === "AUTO" ? "automatically, by the rule" : "by you"
    }${decision.reversedAt ? `; undone ${formatInstant(decision.reversedAt, timeZone)}` : ""}.`;
  return (
    <BlockStack gap="100">
      <Text as="h4" variant="headingXs">
        Decisions
      </Text>
      {experiment.decisions.map((decision) => (
        <InlineStack key={decision.id} gap="200" blockAlign="center">
          <Text as="p" variant="bodySm">
            {line(decision)}
          </Text>
          {decision.reversedAt === null ? (
            <fetcher.Form method="post" action={EXPERIMENTS_ACTION}>
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="decisionId" value={decision.id} />
              <Button submit size="slim" loading={fetcher.state !== "idle"}>
                {`Undo: draw between the variants again`}
              </Button>
            </fetcher.Form>
          ) : null}
        </InlineStack>
      ))}
    </BlockStack>
  );
}

/** Why a Promote press may be early, or what happens by itself, under the buttons. */
function promoteNote(experiment: ContentExperimentFigures, autoPromote: boolean): string {
  const { verdict } = experiment;
  if (verdict.outcome === "WINNER")
    return autoPromote && experiment.isOpenToAutoPromotion
      ? `${verdict.winner} meets the rule: it is promoted automatically within the hour, or promote it now.`
      : `${verdict.winner} meets the rule: promote it to send it to every checkout.`;
  return "The rule has not named a winner yet: a variant promoted now may not be the better one.";
}

function Experiment({
  experiment,
  currency,
  timeZone,
  autoPromote,
}: {
  experiment: ContentExperimentFigures;
  currency: string;
  timeZone: string;
  autoPromote: boolean;
}) {
  const fetcher = useFetcher<ActionAnswer>();
  const badge = badgeOf(experiment);
  const promotable = experiment.standing
    ? []
    : experiment.variants.filter((variant) => variant.sends > 0).map((variant) => variant.variant);
  const favoured = experiment.verdict.winner ?? experiment.verdict.leader;
  const rows = experiment.variants.map((figures) => [
    experiment.standing?.winner === figures.variant ? `${figures.variant} (promoted)` : figures.variant,
    <VariantCell key="content" figures={figures} />,
    formatCount(figures.sends),
    <RangeLines key="clicks" text={rateWithRange(figures.clickRate)} />,
    <RangeLines key="recoveries" text={rateWithRange(figures.recoveryRate)} />,
    <RangeLines key="revenue" text={moneyWithRange(figures.revenuePerEmailMinor, currency)} />,
  ]);
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {`${experiment.segmentName} · email ${experiment.step}`}
        </Text>
        <Badge tone={badge.tone}>{badge.text}</Badge>
      </InlineStack>
      <DataTable
        columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
        headings={["Variant", "Content", "Emails", "Clicked", "Recovered per email", "Revenue per email"]}
        rows={rows}
        increasedTableDensity
      />
      <Text as="p">{experiment.verdict.sentence}</Text>
      {promotable.length > 0 ? (
        <Box>
          <BlockStack gap="200">
            <InlineStack gap="200">
              {promotable.map((variant) => (
                <fetcher.Form key={variant} method="post" action={EXPERIMENTS_ACTION}>
                  <input type="hidden" name="intent" value="promote" />
                  <input type="hidden" name="experimentKey" value={experiment.experimentKey} />
                  <input type="hidden" name="variant" value={variant} />
                  <Button
                    submit
                    variant={variant === favoured ? "primary" : "secondary"}
                    loading={fetcher.state !== "idle"}
                  >
                    {`Promote ${variant}`}
                  </Button>
                </fetcher.Form>
              ))}
            </InlineStack>
            <Text as="p" tone="subdued" variant="bodySm">
              {promoteNote(experiment, autoPromote)}
            </Text>
          </BlockStack>
        </Box>
      ) : null}
      <DecisionLog experiment={experiment} timeZone={timeZone} fetcher={fetcher} />
      <ActionAnswerLine answer={fetcher.data} />
    </BlockStack>
  );
}

/**
 * The shop's current content experiments: per segment's email with variants, each variant's content and
 * figures so far, the rule's verdict in one sentence, Promote (before a decision) and the decisions with Undo.
 */
export function DashboardExperimentsCard({
  experiments,
  currency,
  timeZone,
}: {
  experiments: ContentExperiments;
  currency: string;
  timeZone: string;
}) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Experiments
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            An email with variants (B, and C) sends each checkout one of them, drawn at random, until one is
            promoted: then every checkout gets it. The figures count every email of the experiment so far, not
            only this period&apos;s: recovered means the checkout then ordered through an email. Ranges in
            brackets are 95% intervals.
          </Text>
          <Text as="p" variant="bodySm">
            {experiments.ruleSentence}
          </Text>
        </BlockStack>
        {experiments.experiments.length === 0 ? (
          <Text as="p">
            No email runs an experiment. Add a variant to an email in Settings or in a segment&apos;s sequence
            to start one.
          </Text>
        ) : (
          experiments.experiments.map((experiment) => (
            <Experiment
              key={experiment.experimentKey}
              experiment={experiment}
              currency={currency}
              timeZone={timeZone}
              autoPromote={experiments.rule.autoPromote}
            />
          ))
        )}
      </BlockStack>
    </Card>
  );
}
