import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  AppProvider as PolarisAppProvider,
  Button,
  Card,
  FormLayout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { redirect } from "@remix-run/node";
import { isDemoMode } from "~/lib/env.server";
import { orHttpError } from "~/lib/http.server";
import { readBodyWithLimit } from "~/lib/webhooks.server";
import { login } from "~/shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

function loginErrorMessage(errors: Awaited<ReturnType<typeof login>>): { shop?: string } {
  if (errors?.shop === LoginErrorType.MissingShop) return { shop: "Enter your shop domain to log in" };
  if (errors?.shop === LoginErrorType.InvalidShop)
    return { shop: "Enter a valid shop domain, such as my-shop.myshopify.com" };
  return {};
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // Demo mode has no OAuth: its one shop is installed by the demo itself.
  if (isDemoMode) throw redirect("/app");
  return { errors: loginErrorMessage(await login(request)) };
};

/** The form sends one shop domain; a body past this is refused (413) before the form is parsed. */
const MAX_LOGIN_BODY_BYTES = 4 * 1024;

export const action = async ({ request }: ActionFunctionArgs) => {
  if (isDemoMode) throw redirect("/app");
  const body = await orHttpError(() => readBodyWithLimit(request, MAX_LOGIN_BODY_BYTES));
  return { errors: loginErrorMessage(await login(new Request(request, { body: new Uint8Array(body) }))) };
};

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const errors = actionData?.errors ?? loaderData.errors;
  return (
    <PolarisAppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                Log in to Cartback
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={errors.shop}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
