import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  EmptySearchResult,
  Filters,
  Form,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import {
  CHECKOUT_SORT_LABELS,
  CHECKOUT_SORTS,
  segmentChoiceLabel,
  type CheckoutSort,
} from "~/domain/checkouts/checkout-list-options";
import {
  CHECKOUT_FILTER_LABELS,
  CHECKOUT_FILTERS,
  type CheckoutFilter,
} from "~/domain/checkouts/checkout-status";
import type { CheckoutListPage, CheckoutListRow } from "~/domain/checkouts";

/** A change of the list's view; the route writes it into the URL. */
export interface CheckoutListChange {
  status?: CheckoutFilter;
  sort?: CheckoutSort;
  q?: string;
  /** A segment id, or "" for every segment. */
  segment?: string;
}

export interface CheckoutListProps {
  page: CheckoutListPage;
  isLoading?: boolean;
  onChange(change: CheckoutListChange): void;
  onPage(cursor: { after: string } | { before: string }): void;
}

const HEADINGS = [
  { title: "Shopper" },
  { title: "Cart value", alignment: "end" },
  { title: "Items", alignment: "end" },
  { title: "Last activity" },
  { title: "Status" },
  { title: "Steps sent", alignment: "end" },
  { title: "Clicks", alignment: "end" },
  { title: "Order" },
] as const;

const SEARCH_HELP =
  "Shoppers' details are stored encrypted, so search finds a complete email address or an exact first " +
  "name, not part of one. Upper or lower case does not matter.";

/**
 * Index table cells never wrap (Polaris sets nowrap), so one long reason ("Matched because the same shopper
 * ordered within the attribution window") made the whole table wider than its card at 1024 and 1280 px. The
 * reason wraps within a bounded width instead, and the last activity takes two lines, date over time.
 */
const WRAPPING_CELL = { whiteSpace: "normal", minWidth: "10rem", maxWidth: "15rem" } as const;

function LastActivity({ at, label }: { at: string; label: string }) {
  const [, date, time] = /^(.*\d{4}), (.+)$/.exec(label) ?? [];
  return (
    <time dateTime={at}>
      {date && time ? (
        <BlockStack gap="0">
          <Text as="span">{date}</Text>
          <Text as="span" tone="subdued" variant="bodySm">
            {time}
          </Text>
        </BlockStack>
      ) : (
        label
      )}
    </time>
  );
}

function CheckoutRow({ row, position }: { row: CheckoutListRow; position: number }) {
  const name = row.firstName ?? (row.maskedEmail ? "No first name" : "Unknown shopper");
  return (
    <IndexTable.Row id={row.id} position={position}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Link url={`/app/checkouts/${row.id}`} dataPrimaryLink removeUnderline>
            <Text as="span" fontWeight="semibold">
              {name}
            </Text>
          </Link>
          <Text as="span" tone="subdued" variant="bodySm">
            {row.maskedEmail ?? "No email address"}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {row.value}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {row.itemCount}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <LastActivity at={row.lastActivityAt} label={row.lastActivityLabel} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050" inlineAlign="start">
          <Badge tone={row.status.tone}>{row.status.label}</Badge>
          {row.status.reason ? (
            <div style={WRAPPING_CELL}>
              <Text as="span" tone="subdued" variant="bodySm" breakWord>
                {row.status.reason}
              </Text>
            </div>
          ) : null}
          {row.segment ? (
            <div style={WRAPPING_CELL}>
              <Text as="span" tone="subdued" variant="bodySm" breakWord>
                {`Segment: ${row.segment}`}
              </Text>
            </div>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {row.stepsSent}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {row.clicks}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {row.order ? (
          <BlockStack gap="050">
            <Text as="span">{row.order.name}</Text>
            {row.order.value ? (
              <Text as="span" tone="subdued" variant="bodySm">
                {row.order.value}
              </Text>
            ) : null}
          </BlockStack>
        ) : (
          <Text as="span" tone="subdued">
            None
          </Text>
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

/**
 * The checkouts page: a status filter, a segment filter, an exact search, a sort, and the table one page at a
 * time.
 */
export function CheckoutList({ page, isLoading = false, onChange, onPage }: CheckoutListProps) {
  const [query, setQuery] = useState(page.query);
  // Back and forward change the URL under the page; the field follows it.
  useEffect(() => setQuery(page.query), [page.query]);

  const statusLabel = CHECKOUT_FILTER_LABELS[page.status];
  const segment = page.segment.choices.find((choice) => choice.id === page.segment.selected) ?? null;
  const isFiltered = page.status !== "all" || page.query !== "" || segment !== null;
  return (
    <Page
      title="Checkouts"
      subtitle="Every checkout Shopify reported, and what the recovery emails did about it"
    >
      <Card padding="0">
        <Box padding="400">
          <BlockStack gap="300">
            <Form onSubmit={() => onChange({ q: query.trim() })}>
              <TextField
                label="Search by email or first name"
                name="q"
                type="search"
                value={query}
                onChange={setQuery}
                autoComplete="off"
                helpText={SEARCH_HELP}
                clearButton
                onClearButtonClick={() => {
                  setQuery("");
                  onChange({ q: "" });
                }}
                connectedRight={<Button submit>Search</Button>}
              />
            </Form>
            {page.search.problem ? (
              <Banner tone="warning" title="This search cannot find anything">
                <p>{page.search.problem}</p>
              </Banner>
            ) : null}
            {page.segment.problem ? (
              <Banner tone="info" title="Segment filter not applied">
                <p>{page.segment.problem}</p>
              </Banner>
            ) : null}
            <InlineStack gap="400" align="space-between" blockAlign="center" wrap>
              <Box minWidth="16rem">
                <Filters
                  queryValue=""
                  hideQueryField
                  onQueryChange={() => undefined}
                  onQueryClear={() => undefined}
                  onClearAll={() => onChange({ status: "all", segment: "" })}
                  filters={[
                    {
                      key: "status",
                      label: "Status",
                      shortcut: true,
                      pinned: true,
                      hideClearButton: page.status === "all",
                      filter: (
                        <ChoiceList
                          title="Status"
                          titleHidden
                          choices={CHECKOUT_FILTERS.map((value) => ({
                            value,
                            label: CHECKOUT_FILTER_LABELS[value],
                          }))}
                          selected={[page.status]}
                          onChange={([status]) => onChange({ status: status as CheckoutFilter })}
                        />
                      ),
                    },
                    {
                      key: "segment",
                      label: "Segment",
                      shortcut: true,
                      pinned: true,
                      hideClearButton: segment === null,
                      filter: (
                        <ChoiceList
                          title="Segment"
                          titleHidden
                          choices={page.segment.choices.map((choice) => ({
                            value: choice.id,
                            label: segmentChoiceLabel(choice),
                          }))}
                          selected={segment ? [segment.id] : []}
                          onChange={([id]) => onChange({ segment: id ?? "" })}
                        />
                      ),
                    },
                  ]}
                  appliedFilters={[
                    ...(page.status === "all"
                      ? []
                      : [
                          {
                            key: "status",
                            label: `Status: ${statusLabel}`,
                            onRemove: () => onChange({ status: "all" }),
                          },
                        ]),
                    ...(segment === null
                      ? []
                      : [
                          {
                            key: "segment",
                            label: `Segment: ${segmentChoiceLabel(segment)}`,
                            onRemove: () => onChange({ segment: "" }),
                          },
                        ]),
                  ]}
                />
              </Box>
              <Select
                label="Sort by"
                labelInline
                options={CHECKOUT_SORTS.map((value) => ({ value, label: CHECKOUT_SORT_LABELS[value] }))}
                value={page.sort}
                onChange={(sort) => onChange({ sort: sort as CheckoutSort })}
              />
            </InlineStack>
          </BlockStack>
        </Box>
        <IndexTable
          resourceName={{ singular: "checkout", plural: "checkouts" }}
          itemCount={page.rows.length}
          selectable={false}
          loading={isLoading}
          headings={[...HEADINGS]}
          emptyState={
            <EmptySearchResult
              title={isFiltered ? "No checkouts match" : "No checkouts yet"}
              description={
                isFiltered
                  ? "Try another status or segment, or search for a complete email address or an exact first name."
                  : "Checkouts appear here as soon as Shopify reports them."
              }
            />
          }
          pagination={{
            hasNext: page.nextCursor !== null,
            hasPrevious: page.previousCursor !== null,
            onNext: () => page.nextCursor && onPage({ after: page.nextCursor }),
            onPrevious: () => page.previousCursor && onPage({ before: page.previousCursor }),
          }}
        >
          {page.rows.map((row, index) => (
            <CheckoutRow key={row.id} row={row} position={index} />
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
