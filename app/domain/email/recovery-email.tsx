import {
  Body,
  Button,
  Column,
  Container,
  Head,
  Hr,
  Html,
  Img,
  Link,
  Preview,
  Row,
  Section,
  Text,
} from "@react-email/components";

/**
 * The recovery email. It only displays strings the composer prepared (money and dates already formatted for
 * the shopper's locale), and every one is rendered as a React text node: a product titled
 * `<script>alert(1)</script>` or a name with HTML in it is escaped, never interpreted. Nothing here uses
 * dangerouslySetInnerHTML.
 */

export interface RecoveryEmailLine {
  title: string;
  variant: string | null;
  quantity: string;
  price: string;
  imageUrl: string | null;
}

export interface RecoveryEmailModel {
  lang: string;
  /** The document's title (the subject line): mail apps and screen readers name the message by it. */
  title: string;
  preheader: string;
  shopName: string;
  logoUrl: string | null;
  accentColor: string;
  opening: string;
  cartHeading: string;
  lines: RecoveryEmailLine[];
  subtotalLabel: string;
  subtotal: string;
  offer: {
    headline: string;
    codeLabel: string;
    /** Each code, and what it gives when there are several (the headline says it for one). */
    codes: Array<{ code: string; gives: string | null }>;
    expiry: string;
    minimum: string | null;
  } | null;
  ctaLabel: string;
  ctaUrl: string;
  recommendations: {
    /** The copy's line introducing the products, or the fixed label: said once. */
    heading: string;
    items: Array<{ title: string; price: string; imageUrl: string | null; url: string }>;
  } | null;
  footer: { reason: string; address: string | null; unsubscribeLabel: string; unsubscribeUrl: string };
}

const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const muted = "#6d7175";

export function RecoveryEmail({ model }: { model: RecoveryEmailModel }) {
  const accent = model.accentColor;
  return (
    <Html lang={model.lang}>
      <Head>
        <title>{model.title}</title>
      </Head>
      <Preview>{model.preheader}</Preview>
      <Body style={{ backgroundColor: "#f4f6f8", fontFamily: font, margin: 0, padding: "24px 0" }}>
        <Container
          style={{ backgroundColor: "#ffffff", borderRadius: 8, maxWidth: 600, padding: "32px 28px" }}
        >
          <Section style={{ textAlign: "center", marginBottom: 16 }}>
            {model.logoUrl ? (
              <Img
                src={model.logoUrl}
                alt={model.shopName}
                height={48}
                style={{ margin: "0 auto", maxWidth: 200, objectFit: "contain" }}
              />
            ) : (
              <Text style={{ fontSize: 20, fontWeight: 700, color: "#202223", margin: 0 }}>
                {model.shopName}
              </Text>
            )}
          </Section>

          <Text style={{ fontSize: 16, lineHeight: "24px", color: "#202223", margin: "16px 0 20px" }}>
            {model.opening}
          </Text>

          {model.offer ? (
            <Section
              style={{
                border: `2px dashed ${accent}`,
                borderRadius: 8,
                padding: "16px",
                textAlign: "center",
                margin: "0 0 24px",
              }}
            >
              <Text style={{ fontSize: 18, fontWeight: 700, color: accent, margin: "0 0 8px" }}>
                {model.offer.headline}
              </Text>
              <Text style={{ fontSize: 13, color: muted, margin: "0 0 4px" }}>{model.offer.codeLabel}</Text>
              {model.offer.codes.map(({ code, gives }) => (
                <Section key={code} style={{ margin: "0 0 4px" }}>
                  <Text
                    style={{
                      fontSize: 20,
                      fontFamily: "monospace",
                      fontWeight: 700,
                      letterSpacing: 2,
                      color: "#202223",
                      margin: 0,
                    }}
                  >
                    {code}
                  </Text>
                  {gives ? <Text style={{ fontSize: 13, color: muted, margin: 0 }}>{gives}</Text> : null}
                </Section>
              ))}
              <Text style={{ fontSize: 13, color: muted, margin: "8px 0 0" }}>{model.offer.expiry}</Text>
              {model.offer.minimum ? (
                <Text style={{ fontSize: 13, color: muted, margin: "2px 0 0" }}>{model.offer.minimum}</Text>
              ) : null}
            </Section>
          ) : null}

          <Text
            style={{
              fontSize: 14,
              fontWeight: 700,
              color: "#202223",
              textTransform: "uppercase",
              letterSpacing: 1,
              margin: "0 0 8px",
            }}
          >
            {model.cartHeading}
          </Text>
          {model.lines.map((line, index) => (
            <Row key={index} style={{ borderBottom: "1px solid #e1e3e5", padding: "10px 0" }}>
              <Column style={{ width: 72, verticalAlign: "top" }}>
                {line.imageUrl ? (
                  <Img
                    src={line.imageUrl}
                    alt={line.title}
                    width={64}
                    height={64}
                    style={{ borderRadius: 6, objectFit: "cover" }}
                  />
                ) : null}
              </Column>
              <Column style={{ verticalAlign: "top" }}>
                <Text style={{ fontSize: 15, color: "#202223", margin: 0, fontWeight: 600 }}>
                  {line.title}
                </Text>
                {line.variant ? (
                  <Text style={{ fontSize: 13, color: muted, margin: "2px 0 0" }}>{line.variant}</Text>
                ) : null}
                <Text style={{ fontSize: 13, color: muted, margin: "2px 0 0" }}>{line.quantity}</Text>
              </Column>
              <Column style={{ width: 110, textAlign: "right", verticalAlign: "top" }}>
                <Text style={{ fontSize: 15, color: "#202223", margin: 0 }}>{line.price}</Text>
              </Column>
            </Row>
          ))}
          <Row style={{ padding: "10px 0 0" }}>
            <Column>
              <Text style={{ fontSize: 15, color: "#202223", margin: 0, fontWeight: 600 }}>
                {model.subtotalLabel}
              </Text>
            </Column>
            <Column style={{ textAlign: "right" }}>
              <Text style={{ fontSize: 15, color: "#202223", margin: 0, fontWeight: 600 }}>
                {model.subtotal}
              </Text>
            </Column>
          </Row>

          <Section style={{ textAlign: "center", margin: "28px 0" }}>
            <Button
              href={model.ctaUrl}
              style={{
                backgroundColor: accent,
                color: "#ffffff",
                borderRadius: 6,
                fontSize: 16,
                fontWeight: 700,
                padding: "14px 28px",
                textDecoration: "none",
              }}
            >
              {model.ctaLabel}
            </Button>
          </Section>

          {model.recommendations ? (
            <Section style={{ margin: "8px 0 0" }}>
              <Text style={{ fontSize: 16, fontWeight: 700, color: "#202223", margin: "0 0 12px" }}>
                {model.recommendations.heading}
              </Text>
              <Row>
                {model.recommendations.items.map((item) => (
                  <Column
                    key={item.url}
                    style={{ width: "33%", padding: "0 6px", verticalAlign: "top", textAlign: "center" }}
                  >
                    <Link href={item.url} style={{ color: "#202223", textDecoration: "none" }}>
                      {item.imageUrl ? (
                        <Img
                          src={item.imageUrl}
                          alt={item.title}
                          width={150}
                          style={{ borderRadius: 6, maxWidth: "100%", margin: "0 auto" }}
                        />
                      ) : null}
                      <Text style={{ fontSize: 13, margin: "6px 0 0", fontWeight: 600 }}>{item.title}</Text>
                      <Text style={{ fontSize: 13, margin: "2px 0 0", color: muted }}>{item.price}</Text>
                    </Link>
                  </Column>
                ))}
              </Row>
            </Section>
          ) : null}

          <Hr style={{ borderColor: "#e1e3e5", margin: "28px 0 16px" }} />
          <Text style={{ fontSize: 12, color: muted, margin: "0 0 6px", textAlign: "center" }}>
            {model.footer.reason}
          </Text>
          {model.footer.address ? (
            <Text style={{ fontSize: 12, color: muted, margin: "0 0 6px", textAlign: "center" }}>
              {model.footer.address}
            </Text>
          ) : null}
          <Text style={{ fontSize: 12, margin: 0, textAlign: "center" }}>
            <Link href={model.footer.unsubscribeUrl} style={{ color: muted, textDecoration: "underline" }}>
              {model.footer.unsubscribeLabel}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The same content as plain text, for the text/plain part (no markup, so nothing to escape). */
export function recoveryEmailText(model: RecoveryEmailModel): string {
  const lines: string[] = [model.shopName, "", model.opening, ""];
  if (model.offer) {
    lines.push(
      model.offer.headline,
      `${model.offer.codeLabel}: ${model.offer.codes
        .map(({ code, gives }) => (gives ? `${code} (${gives})` : code))
        .join(", ")}`,
      model.offer.expiry,
    );
    if (model.offer.minimum) lines.push(model.offer.minimum);
    lines.push("");
  }
  lines.push(`${model.cartHeading}:`);
  for (const line of model.lines) {
    lines.push(`- ${line.title}${line.variant ? ` (${line.variant})` : ""}, ${line.quantity}: ${line.price}`);
  }
  lines.push(`${model.subtotalLabel}: ${model.subtotal}`, "", `${model.ctaLabel}: ${model.ctaUrl}`, "");
  if (model.recommendations) {
    lines.push(`${model.recommendations.heading}:`);
    for (const item of model.recommendations.items)
      lines.push(`- ${item.title} (${item.price}): ${item.url}`);
    lines.push("");
  }
  lines.push("--", model.footer.reason);
  if (model.footer.address) lines.push(model.footer.address);
  lines.push(`${model.footer.unsubscribeLabel}: ${model.footer.unsubscribeUrl}`);
  return `${lines.join("\n")}\n`;
}
