import { SaveBar } from "@shopify/app-bridge-react";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";

/**
 * One App Bridge contextual save bar for the whole Settings page, open while any section has unsaved edits.
 *
 * This is the save bar's declarative form (`<SaveBar open>`), not `<form data-save-bar>`: App Bridge's form
 * tracking only notices typing in a field, so adding, removing or reordering a tier or an email would not
 * open the bar; its Save submits every `data-save-bar` form on the page, edited or not; and it marks a form
 * saved as soon as it is submitted, so the bar would vanish even when the server refuses the values. Here each
 * section knows exactly whether it differs from what is stored, Save submits only those sections (through
 * their own forms, as their Save buttons do), and the bar stays until the server has accepted them.
 */

interface SectionHandlers {
  save(): void;
  discard(): void;
}

interface SectionStatus {
  isDirty: boolean;
  isSaving: boolean;
}

interface SaveBarRegistry {
  register(section: string, handlers: SectionHandlers): () => void;
  report(section: string, status: SectionStatus): void;
}

const SaveBarContext = createContext<SaveBarRegistry | null>(null);

export const SETTINGS_SAVE_BAR_ID = "settings-save-bar";

export function SettingsSaveBarProvider({ children }: { children: ReactNode }) {
  const handlers = useRef(new Map<string, SectionHandlers>());
  const [statuses, setStatuses] = useState<Record<string, SectionStatus>>({});

  const registry = useMemo<SaveBarRegistry>(
    () => ({
      register(section, sectionHandlers) {
        handlers.current.set(section, sectionHandlers);
        return () => {
          handlers.current.delete(section);
          setStatuses(({ [section]: _gone, ...rest }) => rest);
        };
      },
      report(section, status) {
        setStatuses((current) => {
          const known = current[section];
          if (known?.isDirty === status.isDirty && known.isSaving === status.isSaving) return current;
          return { ...current, [section]: status };
        });
      },
    }),
    [],
  );

  const dirtySections = Object.keys(statuses).filter((section) => statuses[section]?.isDirty);
  const isSaving = Object.values(statuses).some((status) => status.isSaving);
  const forEachDirty = (action: keyof SectionHandlers) => () => {
    for (const section of dirtySections) handlers.current.get(section)?.[action]();
  };

  return (
    <SaveBarContext.Provider value={registry}>
      {children}
      <SaveBar id={SETTINGS_SAVE_BAR_ID} open={dirtySections.length > 0}>
        {/* App Bridge reads these attributes: `variant="primary"` is Save, the other is Discard. */}
        {/* eslint-disable-next-line react/no-unknown-property -- an App Bridge attribute, typed by app-bridge-types */}
        <button variant="primary" loading={isSaving ? "" : undefined} onClick={forEachDirty("save")}>
          Save
        </button>
        <button disabled={isSaving} onClick={forEachDirty("discard")}>
          Discard
        </button>
      </SaveBar>
    </SaveBarContext.Provider>
  );
}

/** Puts a section under the page's save bar; the latest handlers are used, whatever render they came from. */
export function useSaveBarSection(
  section: string,
  { isDirty, isSaving }: SectionStatus,
  handlers: SectionHandlers,
) {
  const registry = useContext(SaveBarContext);
  const latest = useRef(handlers);
  latest.current = handlers;
  const save = useCallback(() => latest.current.save(), []);
  const discard = useCallback(() => latest.current.discard(), []);

  useEffect(() => registry?.register(section, { save, discard }), [registry, section, save, discard]);
  useEffect(() => {
    registry?.report(section, { isDirty, isSaving });
  }, [registry, section, isDirty, isSaving]);
}
