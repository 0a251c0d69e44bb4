import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  Text,
  Thumbnail,
} from "@shopify/polaris";
import type {
  BannerTone,
  CheckoutAction,
  TimelineEntry,
  CheckoutDetail,
  CheckoutDetailLine,
} from "~/domain/checkouts";

/** The answer of the last action, as the banner beside the buttons shows it. */
export interface CheckoutActionBanner {
  tone: BannerTone;
  title: string;
  detail: string | null;
}

/**
 * The banner for what the action answered: its sentence, or the reason of an error (another shop's checkout,
 * an unknown action, a failure on our side), so both show in the same place.
 */
export function actionBannerOf(
  data: CheckoutActionBanner | { error: string; message: string } | undefined,
): CheckoutActionBanner | null {
  if (!data) return null;
  if ("error" in data) return { tone: "critical", title: data.message, detail: null };
  return { tone: data.tone, title: data.title, detail: data.detail };
}

export interface CheckoutDetailProps {
  detail: CheckoutDetail;
  answer: CheckoutActionBanner | null;
  /** The action being submitted, if one is. */
  pendingAction: CheckoutAction | null;
  onAction(intent: CheckoutAction): void;
}

const SEND_NOW_HELP =
  "Sending now skips the quiet hours and the minimum time between two emails to one shopper. It never " +
  "emails a shopper who ordered, unsubscribed, bounced or withdrew consent, nor while sending is paused.";

// One fixed locale, as on the dashboard: the server and the browser must print the same text.
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

/** "en-US" -> "American English (en-US)": the shopper's language by name, with the code Shopify sent. */
export function describeLanguage(locale: string | null): string {
  if (!locale) return "Not given";
  try {
    const name = languageNames.of(locale);
    return name && name !== locale ? `${name} (${locale})` : locale;
  } catch {
    // Not a well-formed language tag: shown as Shopify sent it.
    return locale;
  }
}

/** The entry's detail, with the order it names linking to the order's page in Shopify admin. */
function TimelineDetail({ entry }: { entry: TimelineEntry }) {
  const detail = entry.detail ?? "";
  const at = entry.order ? detail.indexOf(entry.order.label) : -1;
  if (!entry.order || at < 0) return <>{detail}</>;
  return (
    <>
      {detail.slice(0, at)}
      <Link url={entry.order.adminUrl} target="_top">
        {entry.order.label}
      </Link>
      {detail.slice(at + entry.order.label.length)}
    </>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack gap="200" wrap={false} align="space-between">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" alignment="end" breakWord>
        {value}
      </Text>
    </InlineStack>
  );
}

function SequenceCard({ detail, answer, pendingAction, onAction }: CheckoutDetailProps) {
  const { sequence, actions, status } = detail;
  const isBusy = pendingAction !== null;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Recovery sequence
          </Text>
          <Badge tone={status.tone}>{status.label}</Badge>
        </InlineStack>
        {status.reason ? <Text as="p">{status.reason}</Text> : null}
        {sequence ? (
          <Text as="p" tone="subdued">
            {`${sequence.stepsSent} of ${sequence.stepCount} steps sent`}
            {sequence.nextStep && sequence.dueLabel
              ? ` · Step ${sequence.nextStep} due ${sequence.dueLabel}`
              : ""}
          </Text>
        ) : null}
        {answer ? (
          <Banner tone={answer.tone} title={answer.title}>
            {answer.detail ? <p>{answer.detail}</p> : null}
          </Banner>
        ) : null}
        <InlineStack gap="200">
          <Button
            variant="primary"
            disabled={!actions.canSendNow || isBusy}
            loading={pendingAction === "send-now"}
            onClick={() => onAction("send-now")}
          >
            Send the next step now
          </Button>
          <Button
            tone="critical"
            disabled={!actions.canStop || isBusy}
            loading={pendingAction === "stop"}
            onClick={() => onAction("stop")}
          >
            Stop the sequence
          </Button>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {actions.unavailableReason ?? SEND_NOW_HELP}
        </Text>
      </BlockStack>
    </Card>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  return (
    <li>
      <Box paddingBlockEnd="300">
        <BlockStack gap="050">
          <Text as="span" tone="subdued" variant="bodySm">
            <time dateTime={entry.at}>{entry.atLabel}</time>
          </Text>
          <Text as="span" fontWeight="semibold" tone={entry.tone}>
            {entry.title}
          </Text>
          {entry.detail ? (
            <Text as="span" breakWord>
              <TimelineDetail entry={entry} />
            </Text>
          ) : null}
          {entry.because && entry.because.length > 0 ? (
            <BlockStack gap="025">
              <Text as="span" tone="subdued" variant="bodySm">
                Because:
              </Text>
              <List type="bullet">
                {entry.because.map((condition, index) => (
                  <List.Item key={index}>
                    <Text as="span" breakWord>
                      {condition}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          ) : null}
        </BlockStack>
      </Box>
    </li>
  );
}

function CartLine({ line }: { line: CheckoutDetailLine }) {
  return (
    <InlineStack gap="300" wrap={false} blockAlign="start">
      {line.imageUrl ? (
        <Thumbnail source={line.imageUrl} alt={line.title} size="small" />
      ) : (
        <Box
          background="bg-surface-secondary"
          borderRadius="200"
          minWidth="40px"
          minHeight="40px"
          aria-hidden
        />
      )}
      <Box width="100%">
        <BlockStack gap="050">
          <Text as="span" fontWeight="semibold" breakWord>
            {line.title}
          </Text>
          {line.variantTitle ? (
            <Text as="span" tone="subdued">
              {line.variantTitle}
            </Text>
          ) : null}
          <Text as="span" tone="subdued">
            {`${line.quantity} × ${line.unitPrice}`}
          </Text>
        </BlockStack>
      </Box>
      <Text as="span" numeric>
        {line.linePrice}
      </Text>
    </InlineStack>
  );
}

/** One checkout: where its sequence stands and the two actions, its story, the cart, the shopper, the codes. */
export function CheckoutDetailView(props: CheckoutDetailProps) {
  const { detail } = props;
  const { shopper, cart } = detail;
  return (
    <Page
      backAction={{ content: "Checkouts", url: "/app/checkouts" }}
      title={shopper.firstName ? `Checkout of ${shopper.firstName}` : "Checkout"}
      subtitle={`Last activity ${cart.lastActivityLabel}`}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SequenceCard {...props} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Timeline
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {`Oldest first. Times in the shop's time zone (${detail.timeZone}).`}
                </Text>
                <ol style={{ listStyle: "none", margin: 0, padding: 0 }}>
                  {detail.timeline.map((entry) => (
                    <TimelineItem key={entry.key} entry={entry} />
                  ))}
                </ol>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Cart
                </Text>
                {cart.lines.length === 0 ? (
                  <Text as="p" tone="subdued">
                    The cart is empty.
                  </Text>
                ) : (
                  cart.lines.map((line, index) => <CartLine key={index} line={line} />)
                )}
                <Divider />
                <Fact
                  label={`Subtotal (${cart.itemCount} ${cart.itemCount === 1 ? "item" : "items"})`}
                  value={cart.subtotal}
                />
                <Fact label="Total" value={cart.total} />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Shopper
                </Text>
                {shopper.isErased ? (
                  <Text as="p" tone="subdued">
                    The shopper&apos;s personal data was erased on request.
                  </Text>
                ) : null}
                <Fact label="Email" value={shopper.email ?? "None"} />
                <Fact label="First name" value={shopper.firstName ?? "None"} />
                <Fact label="Language" value={describeLanguage(shopper.locale)} />
                <Fact label="Accepts marketing" value={shopper.acceptsMarketing ? "Yes" : "No"} />
                <Fact label="Checkout started" value={cart.startedLabel} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Discount codes
                </Text>
                {detail.discountCodes.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No discount code was given.
                  </Text>
                ) : (
                  detail.discountCodes.map((code) => (
                    <BlockStack key={code.code} gap="050">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="span" fontWeight="semibold">
                          {code.code}
                        </Text>
                        <Badge>{code.offer}</Badge>
                      </InlineStack>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {code.note}
                      </Text>
                    </BlockStack>
                  ))
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
