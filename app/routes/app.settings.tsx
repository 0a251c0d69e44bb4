import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Layout, Page } from "@shopify/polaris";
import { SettingsAudienceCard } from "~/components/settings-audience-card";
import { SettingsExperimentsCard } from "~/components/settings-experiments-card";
import { SettingsMeasurementCard } from "~/components/settings-measurement-card";
import { SettingsProfitCard } from "~/components/settings-profit-card";
import { SettingsSaveBarProvider } from "~/components/settings-save-bar";
import { SettingsSenderCard } from "~/components/settings-sender-card";
import { SettingsSendingCard } from "~/components/settings-sending-card";
import { SettingsStepsCard } from "~/components/settings-steps-card";
import { SettingsTiersCard } from "~/components/settings-tiers-card";
import { DEFAULT_SEGMENT_ID, ensureCurrentVersion, strategyFromSettings } from "~/domain/segments";
import { getSettingsPage, getShopSettings, saveSettingsSection } from "~/domain/shops";
import { requireAdmin } from "~/admin-context.server";
import { orHttpError, respond } from "~/lib/http.server";
import { currentTime } from "~/lib/clock.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  orHttpError(async () => {
    const { shop } = await requireAdmin(request);
    return getSettingsPage(shop, { now: currentTime() });
  });

/** The sections that make up the "Everyone else" segment's sequence: its steps, tiers, code lifetime, holdout. */
const SEQUENCE_SECTIONS: ReadonlySet<string> = new Set(["steps", "tiers", "measurement"]);

// One section per POST, named by its `intent`; 422 with field errors when anything is invalid (nothing saved).
// A saved change to the catch-all's sequence becomes its next version at once (as the segment editor's saves
// do), so the segment editor counts the checkouts still on the older one from the moment of the edit.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const { shop } = await requireAdmin(request);
    const now = currentTime();
    const result = await saveSettingsSection(shop, await request.formData(), { now });
    if (result.ok && SEQUENCE_SECTIONS.has(result.section))
      await ensureCurrentVersion(
        shop,
        DEFAULT_SEGMENT_ID,
        strategyFromSettings(await getShopSettings(shop)),
        {
          now,
        },
      );
    return Response.json(result, { status: result.ok ? 200 : 422 });
  });

export default function Settings() {
  const page = useLoaderData<typeof loader>();
  const { form, shop } = page;
  return (
    <Page>
      <TitleBar title="Settings" />
      <SettingsSaveBarProvider>
        <Layout>
          <Layout.AnnotatedSection
            id="settings-sending"
            title="Sending"
            description="Pause every recovery email at once, or resume."
          >
            <SettingsSendingCard sending={page.sending} headingId="settings-sending" />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="settings-tiers"
            title="Discount tiers"
            description={`The bigger the cart, the bigger the offer. Subtotals in ${shop.currency}; a cart gets the highest tier it reaches. An offer test compares offers by the profit they earn.`}
          >
            <SettingsTiersCard loaded={form} currency={shop.currency} headingId="settings-tiers" />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="settings-steps"
            title="Recovery emails"
            description="Up to five emails after a checkout is abandoned. A purchase stops the sequence."
          >
            <SettingsStepsCard loaded={form} headingId="settings-steps" />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="settings-experiments"
            title="Experiments"
            description="When a variant of an email is named the winner, and how sending at the shopper's best hour is measured."
          >
            <SettingsExperimentsCard loaded={form} headingId="settings-experiments" />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="settings-profit"
            title="Profit"
            description="Your margins, for the profit the dashboard reports and the floor no offer may cross, and who may use a code."
          >
            <SettingsProfitCard loaded={form} headingId="settings-profit" />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="settings-audience"
            title="Audience"
            description="Who is emailed, when not, and how often."
          >
            <SettingsAudienceCard loaded={form} timezone={shop.timezone} headingId="settings-audience" />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="settings-sender"
            title="Sender"
            description="How the emails present your shop."
          >
            <SettingsSenderCard loaded={form} shopName={shop.name} headingId="settings-sender" />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="settings-measurement"
            title="AI copy, measurement and data"
            description="Email text, how results are measured, and how long personal data is kept."
          >
            <SettingsMeasurementCard loaded={form} headingId="settings-measurement" />
          </Layout.AnnotatedSection>
        </Layout>
      </SettingsSaveBarProvider>
    </Page>
  );
}
