import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  Layout,
  Page,
  Select,
  Tabs,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import {
  buildPreviewMessage,
  listPreviewCheckouts,
  loadShopContext,
  previewSequence,
  renderPreview,
  sendTestEmail,
} from "~/domain/sequences";
// The pure module, not the folder's index (which holds server code): the page's client code reads it too.
import { CONTENT_VARIANTS, EMAIL_TEMPLATES } from "~/domain/messages/recovery-message";
import { DEFAULT_SEGMENT_ID, DEFAULT_SEGMENT_NAME, listSegments } from "~/domain/segments";
import { templateOptions } from "~/domain/shops/step-content-form";
import { createTransport } from "~/domain/sending";
import { requireAdmin } from "~/admin-context.server";
import { AppError } from "~/lib/app-error";
import { orHttpError } from "~/lib/http.server";
import { currentTime } from "~/lib/clock.server";

const PreviewQuerySchema = z.object({
  // A checkout's id (letters, digits, - and _); anything else previews the sample cart.
  checkout: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .catch(undefined),
  // A segment's id, or "default"; anything else previews Everyone else.
  segment: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .catch(DEFAULT_SEGMENT_ID),
  step: z.coerce.number().int().min(1).max(5).catch(1),
  ai: z.enum(["on", "off"]).catch("off"),
});

// A design to show instead of the step's own. Unlike the fields above, an unknown one is refused (400): a
// fallback would show another design than the one asked for.
const TemplateSchema = z.enum(EMAIL_TEMPLATES).optional();
// Which of the step's content variants to show (the step refuses one it does not have); none: as drawn.
const VariantSchema = z.enum(CONTENT_VARIANTS).optional();

function parseQuery(source: URLSearchParams | FormData) {
  const template = TemplateSchema.safeParse(source.get("template") || undefined);
  if (!template.success)
    throw new AppError("BAD_REQUEST", `template must be one of ${EMAIL_TEMPLATES.join(", ")}`);
  const variant = VariantSchema.safeParse(source.get("variant") || undefined);
  if (!variant.success)
    throw new AppError("BAD_REQUEST", `variant must be one of ${CONTENT_VARIANTS.join(", ")}`);
  return {
    variant: variant.data,
    ...PreviewQuerySchema.parse({
      checkout: source.get("checkout") || undefined,
      segment: source.get("segment") || DEFAULT_SEGMENT_ID,
      step: source.get("step") ?? undefined,
      ai: source.get("ai") ?? undefined,
    }),
    template: template.data,
  };
}

async function preview(shop: string, query: ReturnType<typeof parseQuery>) {
  const now = currentTime();
  const message = await buildPreviewMessage(
    shop,
    {
      checkoutId: query.checkout ?? null,
      segmentId: query.segment,
      step: query.step,
      template: query.template ?? null,
      variant: query.variant ?? null,
      aiCopy: query.ai === "on",
    },
    { now },
  );
  return renderPreview(message, { now });
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return orHttpError(() => previewPage(shop, request));
};

async function previewPage(shop: string, request: Request) {
  const query = parseQuery(new URL(request.url).searchParams);
  const context = await loadShopContext(shop);
  const steps = context
    ? (await previewSequence(context, { checkoutId: query.checkout ?? null, segmentId: query.segment })).steps
    : [];
  const stepCount = Math.max(steps.length, 1);
  const step = Math.min(query.step, stepCount);
  // The variants the shown step has (A alone: no experiment); a variant it lacks falls back to the draw.
  const variantCount = (steps[step - 1]?.variants.length ?? 0) + 1;
  const variant =
    query.variant && CONTENT_VARIANTS.indexOf(query.variant) < variantCount ? query.variant : undefined;
  const safeQuery = { ...query, step, variant };
  const [email, checkouts, segments] = await Promise.all([
    preview(shop, safeQuery),
    listPreviewCheckouts(shop),
    listSegments(shop),
  ]);
  return {
    query: safeQuery,
    stepCount,
    variantCount,
    checkouts,
    segments: [
      ...segments.map((segment) => ({ id: segment.id, name: segment.name })),
      { id: DEFAULT_SEGMENT_ID, name: DEFAULT_SEGMENT_NAME },
    ],
    contactEmail: context?.contactEmail ?? null,
    email: {
      subject: email.subject,
      from: email.from,
      replyTo: email.replyTo,
      html: email.html,
      text: email.text,
    },
  };
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  return orHttpError(async () =>
    sendTestEmail(shop, await preview(shop, parseQuery(form)), {
      transport: createTransport(),
      now: currentTime(),
    }),
  );
};

export default function EmailPreview() {
  const { query, stepCount, variantCount, checkouts, segments, contactEmail, email } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [tab, setTab] = useState(0);
  const [checkout, setCheckout] = useState(query.checkout ?? "");
  const [step, setStep] = useState(String(query.step));
  const [segment, setSegment] = useState(query.segment);
  const [ai, setAi] = useState(query.ai === "on");
  const [template, setTemplate] = useState<string>(query.template ?? "");
  const [variant, setVariant] = useState<string>(query.variant ?? "");
  const hidden = (
    <>
      <input type="hidden" name="checkout" value={checkout} />
      <input type="hidden" name="step" value={step} />
      <input type="hidden" name="segment" value={segment} />
      <input type="hidden" name="ai" value={ai ? "on" : "off"} />
      <input type="hidden" name="template" value={template} />
      <input type="hidden" name="variant" value={variant} />
    </>
  );
  return (
    <Page title="Email preview">
      <TitleBar title="Email preview" />
      <Layout>
        <Layout.Section variant="oneThird">
          <Card>
            <Form method="get">
              <BlockStack gap="300">
                {hidden}
                <Select
                  label="Checkout"
                  options={[
                    { label: "A sample cart from your catalog", value: "" },
                    ...checkouts.map((item) => ({ label: item.label, value: item.id })),
                  ]}
                  value={checkout}
                  onChange={setCheckout}
                />
                {segments.length > 1 ? (
                  <Select
                    label="Segment"
                    helpText="Whose emails and offer to show. A checkout already in a sequence shows its own."
                    options={segments.map((item) => ({ label: item.name, value: item.id }))}
                    value={segment}
                    onChange={setSegment}
                  />
                ) : null}
                <Select
                  label="Step"
                  options={Array.from({ length: stepCount }, (_, index) => ({
                    label: `Step ${index + 1}`,
                    value: String(index + 1),
                  }))}
                  value={step}
                  onChange={setStep}
                />
                {variantCount > 1 ? (
                  <Select
                    label="Variant"
                    helpText="This step tests variants: which one to show."
                    options={[
                      { label: "As this checkout draws it", value: "" },
                      ...CONTENT_VARIANTS.slice(0, variantCount).map((letter) => ({
                        label: `Variant ${letter}`,
                        value: letter,
                      })),
                    ]}
                    value={variant}
                    onChange={setVariant}
                  />
                ) : null}
                <Select
                  label="Design"
                  options={[{ label: "The step's own", value: "" }, ...templateOptions]}
                  value={template}
                  onChange={setTemplate}
                />
                <Checkbox
                  label="Use AI-written copy"
                  helpText="Without it, the template copy is shown."
                  checked={ai}
                  onChange={setAi}
                />
                <Button submit variant="primary" loading={navigation.state === "loading"}>
                  Show preview
                </Button>
              </BlockStack>
            </Form>
          </Card>
          <Box paddingBlockStart="400">
            <Card>
              <Form method="post">
                <BlockStack gap="300">
                  {hidden}
                  <Text as="h2" variant="headingSm">
                    Send a test
                  </Text>
                  <Text as="p" tone="subdued">
                    {contactEmail
                      ? `Sends this email to ${contactEmail}, marked as a test.`
                      : "Your shop has no contact email in Shopify."}
                  </Text>
                  <Button submit disabled={!contactEmail} loading={navigation.state === "submitting"}>
                    Send test email
                  </Button>
                  {result ? (
                    result.ok ? (
                      <Banner tone="success">Test sent to {result.to}.</Banner>
                    ) : (
                      <Banner tone="critical">The test was not sent: {result.reason}</Banner>
                    )
                  ) : null}
                </BlockStack>
              </Form>
            </Card>
          </Box>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <BlockStack gap="100">
                <Text as="p">
                  <Text as="span" fontWeight="semibold">
                    Subject:
                  </Text>{" "}
                  {email.subject}
                </Text>
                <Text as="p" tone="subdued">
                  From {email.from}
                  {email.replyTo ? ` · replies to ${email.replyTo}` : ""}
                </Text>
              </BlockStack>
              <Tabs
                tabs={[
                  { id: "html", content: "HTML" },
                  { id: "text", content: "Plain text" },
                ]}
                selected={tab}
                onSelect={setTab}
              />
              {tab === 0 ? (
                <iframe
                  title="Email preview"
                  srcDoc={email.html}
                  sandbox=""
                  style={{
                    width: "100%",
                    height: 900,
                    border: "1px solid #e1e3e5",
                    borderRadius: 8,
                    background: "#ffffff",
                  }}
                />
              ) : (
                <pre style={{ whiteSpace: "pre-wrap", fontFamily: "monospace", fontSize: 13 }}>
                  {email.text}
                </pre>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
