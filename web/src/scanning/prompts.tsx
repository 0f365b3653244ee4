import { Button, Group, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { AppModal } from "../ui/app-modal.js";
import { productNameOf, refusalMessage } from "./feedback.js";
import type { Refusal, ScanPayload } from "./queue.js";

/** A refused scan the user can still complete: with a quantity, or by overriding. */
export interface Prompt {
  type: "quantity" | "override";
  payload: ScanPayload;
  refusal: Refusal;
  /** The scan waits in the queue as refused (a replay); otherwise it left the queue. */
  queued: boolean;
}

function parseQuantity(text: string): number | undefined {
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= 1 && value <= 1_000_000 ? value : undefined;
}

/** Asks how many units of a bulk product were scanned. */
export function QuantityPrompt({ prompt, onAnswer, onCancel }: { prompt: Prompt; onAnswer: (quantity: number) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const quantity = parseQuantity(text);
  const product = productNameOf(prompt.refusal) ?? prompt.payload.code;
  function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (quantity !== undefined) onAnswer(quantity);
  }
  return (
    <AppModal opened onClose={onCancel} title={t("scanning.prompt.quantityTitle")} size="sm">
      <form onSubmit={submit}>
        <Stack gap="md">
          <Text size="lg" fw={500}>{product}</Text>
          <TextInput
            label={t("scanning.prompt.quantity")}
            size="xl"
            inputMode="numeric"
            dir="ltr"
            autoFocus
            data-autofocus
            value={text}
            onChange={(event) => { setText(event.currentTarget.value); }}
            error={text !== "" && quantity === undefined ? t("scanning.prompt.quantityInvalid") : undefined}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onCancel}>{t("common.cancel")}</Button>
            <Button type="submit" size="md" disabled={quantity === undefined}>{t("scanning.prompt.quantitySubmit")}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

/** Tells why a scan was refused and lets a user with `scanning.override` accept it, with a note. */
export function OverridePrompt({ prompt, onAnswer, onCancel }: { prompt: Prompt; onAnswer: (note: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  function submit(event: SyntheticEvent) {
    event.preventDefault();
    onAnswer(note.trim());
  }
  return (
    <AppModal opened onClose={onCancel} title={t("scanning.prompt.overrideTitle")} size="sm">
      <form onSubmit={submit}>
        <Stack gap="md">
          <Text size="lg" fw={500} c="red">{refusalMessage(t, prompt.refusal)}</Text>
          <Textarea
            label={t("scanning.prompt.overrideNote")}
            autosize
            minRows={2}
            maxLength={500}
            value={note}
            onChange={(event) => { setNote(event.currentTarget.value); }}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" data-autofocus onClick={onCancel}>{t("scanning.prompt.overrideCancel")}</Button>
            <Button type="submit" color="orange">{t("scanning.prompt.overrideSubmit")}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
