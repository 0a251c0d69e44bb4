import { Autocomplete, BlockStack, InlineStack, Tag } from "@shopify/polaris";
import { useMemo, useState } from "react";

/** Options listed at once; typing narrows the rest. */
const SHOWN_OPTIONS = 50;

/**
 * Several values picked from the shop's catalog (product types, vendors, tags, collections), searchable,
 * shown as removable tags. A value the catalog does not list yet (a product not synced) can still be added
 * as typed.
 */
export function SegmentValuesPicker({
  label,
  options,
  selected,
  onChange,
  error,
}: {
  label: string;
  options: readonly string[];
  selected: string[];
  onChange(values: string[]): void;
  error: string | undefined;
}) {
  const [input, setInput] = useState("");
  const typed = input.trim();
  const shown = useMemo(() => {
    const needle = typed.toLowerCase();
    const all = [...new Set([...selected, ...options])];
    return all
      .filter((value) => value.toLowerCase().includes(needle))
      .slice(0, SHOWN_OPTIONS)
      .map((value) => ({ label: value, value }));
  }, [options, selected, typed]);
  const isNew =
    typed !== "" && ![...options, ...selected].some((value) => value.toLowerCase() === typed.toLowerCase());

  return (
    <BlockStack gap="200">
      <Autocomplete
        allowMultiple
        options={shown}
        selected={selected}
        onSelect={onChange}
        listTitle={label}
        actionBefore={
          isNew
            ? {
                accessibilityLabel: `Add ${typed}`,
                content: `Add "${typed}"`,
                onAction: () => {
                  onChange([...selected, typed]);
                  setInput("");
                },
              }
            : undefined
        }
        textField={
          <Autocomplete.TextField
            label={label}
            value={input}
            onChange={setInput}
            autoComplete="off"
            placeholder={options.length > 0 ? "Search the shop's catalog" : "Type a value"}
            error={error}
          />
        }
      />
      {selected.length > 0 ? (
        <InlineStack gap="100">
          {selected.map((value) => (
            <Tag key={value} onRemove={() => onChange(selected.filter((item) => item !== value))}>
              {value}
            </Tag>
          ))}
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
