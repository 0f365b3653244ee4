import { ActionIcon, TextInput, Tooltip } from "@mantine/core";
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { dialogOpen, isCharacterKey, isEditable, KeystrokeTimer } from "./wedge.js";

function KeyboardIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      <rect x="2" y="6" width="20" height="12" rx="2" />
      <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" />
    </svg>
  );
}

/**
 * The scan field. Codes end with Enter (or Tab when typed at scanner speed);
 * the field clears at once and keeps the focus, so the next code can follow
 * straight away. Keystrokes that land elsewhere on the page (after a click on
 * a button, say) are led into the field; while a dialog is open they are
 * left to it, and the field takes the focus back when it closes. On phones the
 * on-screen keyboard stays down until asked for: a scanner or the camera does
 * the typing.
 */
export function ScanField({
  onScan,
  suspended,
  label,
  rightSection,
}: {
  onScan: (code: string) => void;
  /** True while something else (a prompt) needs the keyboard. */
  suspended: boolean;
  label: string;
  rightSection?: ReactNode;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef(new KeystrokeTimer());
  const [keyboard, setKeyboard] = useState(false);
  const latest = useRef({ onScan, suspended });
  latest.current = { onScan, suspended };

  function submit(field: HTMLInputElement): void {
    const code = field.value.trim();
    field.value = "";
    timer.current.reset();
    if (code !== "") latest.current.onScan(code);
  }

  function onKeyDown(event: ReactKeyboardEvent<HTMLInputElement>): void {
    if (event.nativeEvent.isComposing) return;
    if (event.key === "Enter" || (event.key === "Tab" && timer.current.looksScanned())) {
      event.preventDefault();
      submit(event.currentTarget);
      return;
    }
    if (isCharacterKey(event)) timer.current.record(event.timeStamp);
    else if (event.key === "Escape") {
      event.currentTarget.value = "";
      timer.current.reset();
    }
  }

  // Keystrokes outside any field belong to the scan field.
  useEffect(() => {
    function onDocumentKeyDown(event: KeyboardEvent): void {
      const field = input.current;
      if (!field || latest.current.suspended || event.defaultPrevented || dialogOpen()) return;
      if (event.target === field || isEditable(document.activeElement)) return;
      if (isCharacterKey(event)) {
        event.preventDefault();
        field.focus();
        field.value += event.key;
        timer.current.record(event.timeStamp);
      } else if (event.key === "Enter" && field.value.trim() !== "") {
        event.preventDefault();
        field.focus();
        submit(field);
      }
    }
    document.addEventListener("keydown", onDocumentKeyDown);
    return () => { document.removeEventListener("keydown", onDocumentKeyDown); };
  }, []);

  // Back to the field when a prompt closes.
  useEffect(() => {
    if (!suspended) input.current?.focus();
  }, [suspended]);

  return (
    <TextInput
      ref={input}
      label={label}
      size="xl"
      dir="ltr"
      autoFocus
      autoComplete="off"
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      enterKeyHint="go"
      inputMode={keyboard ? "text" : "none"}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Focus dropped onto nothing (a tap on the page, a removed button): take it back.
        if (event.relatedTarget === null && !latest.current.suspended) {
          setTimeout(() => {
            if (!latest.current.suspended && !dialogOpen() && (document.activeElement === document.body || document.activeElement === null)) input.current?.focus();
          }, 0);
        }
      }}
      rightSectionWidth={rightSection ? 96 : 52}
      rightSection={
        <>
          {rightSection}
          <Tooltip label={keyboard ? t("scanning.field.hideKeyboard") : t("scanning.field.showKeyboard")}>
            <ActionIcon
              variant={keyboard ? "filled" : "subtle"}
              size="lg"
              aria-pressed={keyboard}
              aria-label={t("scanning.field.keyboard")}
              onClick={() => {
                setKeyboard((on) => !on);
                input.current?.focus();
              }}
            >
              <KeyboardIcon />
            </ActionIcon>
          </Tooltip>
        </>
      }
      styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", letterSpacing: "0.04em" } }}
    />
  );
}
