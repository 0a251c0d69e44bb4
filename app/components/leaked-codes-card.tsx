import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { Dashboard } from "~/domain/analytics";
import { formatAmount, formatCount, formatRate } from "./dashboard-format";

/**
 * Leaked codes beside the discount cost: how many of the period's codes were used by someone other than the
 * shopper they were emailed to, what they gave away, and their share of the codes used. When there are some,
 * what the merchant can do about it: bind codes to the customer (Settings), or know why that cannot cover all.
 */
export function LeakedCodesCard({
  leakedCodes,
  currency,
}: {
  leakedCodes: Dashboard["leakedCodes"];
  currency: string;
}) {
  const { leaked, costMinor, used, share, isCustomerBound } = leakedCodes;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Leaked codes
        </Text>
        <Text as="p" variant="headingLg">
          {leaked === 0 ? "None" : `${formatCount(leaked)} ${leaked === 1 ? "code" : "codes"} leaked`}
        </Text>
        {leaked > 0 ? (
          <Text as="p">
            {`${formatAmount(costMinor, currency)} of discount · ${formatRate(share)} of the ${formatCount(used)} ${used === 1 ? "code" : "codes"} used in this period`}
          </Text>
        ) : null}
        <Text as="p" tone="subdued" variant="bodySm">
          A code counts as leaked when the order that used it shares no email, customer account, checkout or
          cart with the shopper it was emailed to (it was shared or posted online); its discount is in the
          discount cost, and the order is not counted as that shopper&apos;s recovery.
        </Text>
        {leaked > 0 && !isCustomerBound ? (
          <InlineStack gap="200" blockAlign="center">
            <Text as="p">
              Codes can be bound to the shopper&apos;s customer account, so only they can use them.
            </Text>
            <Button url="/app/settings" variant="plain">
              Bind codes to the customer in Settings
            </Button>
          </InlineStack>
        ) : null}
        {leaked > 0 && isCustomerBound ? (
          <Text as="p">
            Codes are bound to the customer in Settings where Shopify allows it; codes from guest checkouts
            cannot be, and stay open to anyone who has them.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
