import {
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Divider,
  InlineError,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { memo } from "react";
import type { SegmentEditorPage } from "~/domain/segments";
import {
  errorAt,
  MAX_NAME_LENGTH,
  newConditionDraft,
  type ConditionDraft,
  type SegmentDraft,
} from "~/domain/segments/segment-editor-form";
import { SegmentConditionRow } from "./segment-condition-row";
import { SegmentStrategyFields } from "./segment-strategy-fields";
import { SegmentCountLine, SegmentVersionLine, type SegmentCounts } from "./segment-version-line";

export interface ShopifySegmentsState {
  state: "idle" | "loading" | "loaded" | "failed";
  segments: { id: string; name: string }[];
  message: string | null;
  load(): void;
}

const MAX_CONDITIONS = 10;

const MATCH_OPTIONS = [
  { label: "all of these conditions hold", value: "ALL" },
  { label: "any of these conditions holds", value: "ANY" },
];

/**
 * One segment: its name, its conditions, its own sequence and offer, and what it would have caught. Memoised,
 * with callbacks that take its position: typing in one segment re-renders that card, not every card (with a
 * design, a tone, a send window and variants per email, re-rendering them all made typing slow: INP 280 ms).
 */
export const SegmentCard = memo(function SegmentCard({
  draft,
  index,
  total,
  page,
  errors,
  counts,
  shopify,
  onChange,
  onMove,
  onDelete,
}: {
  draft: SegmentDraft;
  index: number;
  total: number;
  page: SegmentEditorPage;
  errors: Record<string, string>;
  counts: SegmentCounts | null;
  shopify: ShopifySegmentsState;
  onChange(index: number, next: SegmentDraft): void;
  onMove(index: number, by: -1 | 1): void;
  onDelete(index: number): void;
}) {
  const path = `segments.${index}`;
  const errorOf = (field: string) => errorAt(errors, `${path}.${field}`);
  const number = index + 1;
  const title = draft.name.trim() === "" ? `Segment ${number}` : draft.name;
  const headingId = `segment-heading-${number}`;
  const change = (next: SegmentDraft) => onChange(index, next);
  const setConditions = (conditions: ConditionDraft[]) => change({ ...draft, conditions });
  const listErrors = [errors[`${path}.id`], errors[`${path}.rule.conditions`]].filter(
    (message): message is string => Boolean(message),
  );

  return (
    <section aria-labelledby={headingId}>
      <Card>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="center" gap="200" wrap>
            <Text as="h2" variant="headingMd" id={headingId}>
              {`${number}. ${title}`}
            </Text>
            <ButtonGroup>
              <Button
                onClick={() => onMove(index, -1)}
                disabled={index === 0}
                accessibilityLabel={`Move up: ${title}`}
              >
                Move up
              </Button>
              <Button
                onClick={() => onMove(index, 1)}
                disabled={index === total - 1}
                accessibilityLabel={`Move down: ${title}`}
              >
                Move down
              </Button>
              <Button
                tone="critical"
                onClick={() => onDelete(index)}
                accessibilityLabel={`Delete segment: ${title}`}
              >
                Delete
              </Button>
            </ButtonGroup>
          </InlineStack>
          {listErrors.map((message) => (
            <InlineError key={message} message={message} fieldID={`${headingId}-list`} />
          ))}
          <TextField
            label="Segment name"
            value={draft.name}
            onChange={(name) => change({ ...draft, name })}
            autoComplete="off"
            maxLength={MAX_NAME_LENGTH}
            error={errorOf("name")}
          />
          <Select
            label="A checkout is in this segment when"
            options={MATCH_OPTIONS}
            value={draft.match}
            onChange={(match) => change({ ...draft, match: match as SegmentDraft["match"] })}
            error={errorOf("rule.match")}
          />
          <BlockStack gap="300">
            {draft.conditions.map((condition, position) => (
              <SegmentConditionRow
                key={condition.rowKey}
                condition={condition}
                number={position + 1}
                segmentTitle={title}
                page={page}
                shopify={shopify}
                errorOf={(field) => errorOf(`rule.conditions.${position}.${field}`)}
                onChange={(next) =>
                  setConditions(draft.conditions.map((row, at) => (at === position ? next : row)))
                }
                onRemove={
                  draft.conditions.length > 1
                    ? () => setConditions(draft.conditions.filter((_, at) => at !== position))
                    : undefined
                }
              />
            ))}
            <div>
              <Button
                onClick={() => setConditions([...draft.conditions, newConditionDraft("CUSTOMER_TYPE")])}
                disabled={draft.conditions.length >= MAX_CONDITIONS}
                accessibilityLabel={`Add condition to ${title}`}
              >
                Add condition
              </Button>
            </div>
          </BlockStack>
          <Divider />
          <SegmentStrategyFields
            strategy={draft.strategy}
            currency={page.currency}
            segmentTitle={title}
            errorOf={(field) => errorOf(`strategy.${field}`)}
            listErrorOf={(list) => errors[`${path}.strategy.${list}`]}
            onChange={(strategy) => change({ ...draft, strategy })}
          />
          <Box background="bg-surface-secondary" padding="300" borderRadius="200">
            <BlockStack gap="100">
              <SegmentCountLine
                counts={counts}
                count={counts ? counts.byKey.get(draft.rowKey) : undefined}
                conditionKinds={draft.conditions.map((condition) => condition.kind)}
              />
              {draft.id ? (
                <SegmentVersionLine info={page.versions[draft.id]} />
              ) : (
                <Text as="p" tone="subdued">
                  New: its first sequence version is made when it is saved.
                </Text>
              )}
            </BlockStack>
          </Box>
        </BlockStack>
      </Card>
    </section>
  );
});
