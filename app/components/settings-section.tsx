import { useActionData, useFetcher, type FetcherWithComponents } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type ReactNode,
  type RefObject,
  type SetStateAction,
} from "react";
import {
  FORM_ERROR,
  INTENT_FIELD,
  type EditableSection,
  type FieldErrors,
  type SettingsForm,
  type SettingsSaveResult,
} from "~/domain/shops/settings-form";
import { useSaveBarSection } from "./settings-save-bar";

/** The action's answer: the section's result, or an AppError's JSON (status 4xx/5xx). */
export type SettingsAnswer = SettingsSaveResult | { error: string; message: string };

type Feedback =
  | { kind: "saved"; warnings: string[] }
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "failed"; message: string };

/**
 * This section's part of an answer. A fetcher's answer is always its own; a document POST's (a Save pressed
 * before the scripts loaded, which Remix answers by rendering the page with its action data) names its section.
 */
export function answerFor(
  section: string,
  fetched: SettingsAnswer | undefined,
  posted: SettingsAnswer | undefined,
): SettingsAnswer | undefined {
  if (fetched) return fetched;
  return posted && "section" in posted && posted.section === section ? posted : undefined;
}

function feedbackOf(answer: SettingsAnswer | undefined): Feedback | null {
  if (!answer) return null;
  if (!("section" in answer)) return { kind: "failed", message: answer.message };
  return answer.ok
    ? { kind: "saved", warnings: answer.warnings }
    : { kind: "invalid", errors: answer.errors };
}

/** A list row with a key React can follow when rows are added, removed or reordered. */
export type Keyed<T> = T & { rowKey: string };

let lastRowKey = 0;
export function withRowKeys<T extends object>(rows: T[]): Keyed<T>[] {
  return rows.map((row) => ({ ...row, rowKey: `row-${++lastRowKey}` }));
}

/** Row keys are React's business, not the merchant's: they never make a section "edited". */
const comparable = (value: unknown) =>
  JSON.stringify(value, (key, field: unknown) => (key === "rowKey" ? undefined : field));

export interface SectionForm<V> {
  section: EditableSection;
  values: V;
  setValues: Dispatch<SetStateAction<V>>;
  fetcher: FetcherWithComponents<SettingsAnswer>;
  formRef: RefObject<HTMLFormElement>;
  isDirty: boolean;
  isSaving: boolean;
  feedback: Feedback | null;
  errorOf(field: string): string | undefined;
  /** After adding, removing or moving a row, errors keyed by row number would point at the wrong rows. */
  clearErrors(): void;
}

/**
 * One section's editing state: what the merchant typed (`values`), what is stored (`stored`), and the
 * server's last answer. The stored values come from the loader, and from the action's answer right after a
 * save (the server's normalised form, such as a lower-cased blocklist), so the section reads "Saved" without
 * waiting for the page to reload.
 */
export function useSectionForm<V>(
  section: EditableSection,
  loaded: SettingsForm,
  pick: (form: SettingsForm) => V,
): SectionForm<V> {
  const fetcher = useFetcher<SettingsAnswer>({ key: `settings-${section}` });
  const answer = answerFor(section, fetcher.data, useActionData() as SettingsAnswer | undefined);
  const formRef = useRef<HTMLFormElement>(null);
  const [stored, setStored] = useState(() => pick(loaded));
  const [values, setValues] = useState(stored);
  const [feedback, setFeedback] = useState(() => feedbackOf(answer));
  const isDirty = comparable(values) !== comparable(stored);

  // New page data (after this or another section saved): taken over unless the merchant is editing here.
  const loadedKey = useMemo(() => comparable(pick(loaded)), [loaded, pick]);
  const [seenLoadedKey, setSeenLoadedKey] = useState(loadedKey);
  if (loadedKey !== seenLoadedKey) {
    setSeenLoadedKey(loadedKey);
    if (!isDirty && loadedKey !== comparable(stored)) {
      const next = pick(loaded);
      setStored(next);
      setValues(next);
    }
  }

  const [seenAnswer, setSeenAnswer] = useState(answer);
  if (answer !== seenAnswer) {
    setSeenAnswer(answer);
    if (answer && "section" in answer && answer.ok) {
      const saved = pick(answer.form);
      setStored(saved);
      setValues(saved);
    }
    if (answer) setFeedback(feedbackOf(answer));
  }

  const isSaving = fetcher.state !== "idle";
  useSaveBarSection(
    section,
    { isDirty, isSaving },
    {
      // requestSubmit goes through the form's submit event, exactly as the section's own Save button does.
      save: () => formRef.current?.requestSubmit(),
      discard: () => {
        setValues(stored);
        setFeedback(null);
      },
    },
  );

  const errors = feedback?.kind === "invalid" ? feedback.errors : {};
  return {
    section,
    values,
    setValues,
    fetcher,
    formRef,
    isDirty,
    isSaving,
    feedback,
    errorOf: (field) => errors[field],
    clearErrors: () => setFeedback((current) => (current?.kind === "invalid" ? null : current)),
  };
}

const LIST_LABELS: Record<string, string> = { tiers: "Tiers", steps: "Emails" };

/** Errors no single field shows: about a whole list ("tiers"), a whole row, or the form itself. */
function generalErrors(errors: FieldErrors): string[] {
  return Object.entries(errors)
    .filter(([field]) => field === FORM_ERROR || /^(tiers|steps)(\.\d+)?$/.test(field))
    .map(([field, message]) => {
      const [list = "", row] = field.split(".");
      const label = LIST_LABELS[list];
      if (!label) return message;
      return row === undefined
        ? `${label}: ${message}`
        : `${label.slice(0, -1)} ${Number(row) + 1}: ${message}`;
    });
}

/**
 * A section's card: its own <Form method="post"> named by the hidden `intent`, the fields, a summary of a
 * refused save (focused, so a screen reader announces it) or the warnings about a saved one, and a Save
 * button for keyboards and tests; the save bar submits the same form.
 */
export function SettingsSectionForm<V>({
  form,
  title,
  headingId,
  children,
}: {
  form: SectionForm<V>;
  title: string;
  headingId: string;
  children: ReactNode;
}) {
  const { fetcher, feedback, isDirty, isSaving } = form;
  const bannerRef = useRef<HTMLDivElement>(null);
  const isWarned = feedback?.kind === "saved" && feedback.warnings.length > 0;
  useEffect(() => {
    if (feedback?.kind === "invalid" || feedback?.kind === "failed" || isWarned) bannerRef.current?.focus();
  }, [feedback, isWarned]);

  const general = feedback?.kind === "invalid" ? generalErrors(feedback.errors) : [];
  return (
    <Card>
      {/* noValidate: the server's field-level errors speak, not the browser's bubbles for type="email"/"url". */}
      <fetcher.Form method="post" noValidate ref={form.formRef} aria-labelledby={headingId}>
        <input type="hidden" name={INTENT_FIELD} value={form.section} />
        <BlockStack gap="400">
          {feedback?.kind === "invalid" || feedback?.kind === "failed" ? (
            <div ref={bannerRef} tabIndex={-1}>
              <Banner tone="critical" title={`${title}: nothing was saved`}>
                {feedback.kind === "failed" ? (
                  <p>{feedback.message}</p>
                ) : (
                  <BlockStack gap="100">
                    <p>Correct the fields marked in red, then save again.</p>
                    {general.map((message) => (
                      <p key={message}>{message}</p>
                    ))}
                  </BlockStack>
                )}
              </Banner>
            </div>
          ) : null}
          {isWarned ? (
            <div ref={bannerRef} tabIndex={-1}>
              <Banner tone="warning" title={`${title}: saved, with a warning`}>
                <BlockStack gap="100">
                  {feedback.warnings.map((message) => (
                    <p key={message}>{message}</p>
                  ))}
                </BlockStack>
              </Banner>
            </div>
          ) : null}
          {children}
          <InlineStack align="end" blockAlign="center" gap="300">
            <div role="status">
              {feedback?.kind === "saved" && !isDirty ? (
                <Text as="span" tone="success">
                  Saved
                </Text>
              ) : null}
            </div>
            <Button
              submit
              variant="primary"
              loading={isSaving}
              accessibilityLabel={`Save ${title.toLowerCase()}`}
            >
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

/** A group of fields for one row, named for screen readers by its legend ("Tier 2"). */
export function SettingsRow({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      <legend style={{ padding: 0, marginBottom: "var(--p-space-200)" }}>
        <Text as="span" variant="headingSm">
          {legend}
        </Text>
      </legend>
      {children}
    </fieldset>
  );
}
