import { useMutation } from "@connectrpc/connect-query";
import { InventoryService, StockMovementKind, type Product, type StockLevel } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Button, Group, Input, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { enumOf, movementKindLabel, movementKinds } from "./labels.js";
import { parseCount } from "./numbers.js";
import { LocationSelect } from "./pickers.js";

export interface MovementStart {
  kind: StockMovementKind;
  locationId?: string;
}

function needsFrom(kind: StockMovementKind): boolean {
  return kind === StockMovementKind.WRITE_OFF || kind === StockMovementKind.TRANSFER;
}

function needsTo(kind: StockMovementKind): boolean {
  return kind !== StockMovementKind.WRITE_OFF;
}

function MovementForm({ product, levels, start, onClose }: { product: Product; levels: readonly StockLevel[]; start: MovementStart; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  // One id per dialog: a double click or a retry after a lost answer is applied once.
  const [requestId] = useState(() => crypto.randomUUID());
  const [kind, setKind] = useState(start.kind);
  const [fromLocationId, setFrom] = useState(needsFrom(start.kind) ? (start.locationId ?? "") : "");
  const [toLocationId, setTo] = useState(needsFrom(start.kind) ? "" : (start.locationId ?? ""));
  const [quantityText, setQuantity] = useState("");
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const record = useMutation(InventoryService.method.recordStockMovement, {
    onSuccess: async () => {
      await invalidate(
        InventoryService.method.getProduct,
        InventoryService.method.listStock,
        InventoryService.method.listStockMovements,
        InventoryService.method.listProducts,
      );
      onClose();
    },
  });

  const levelAt = (locationId: string) => levels.find((level) => level.locationId === locationId)?.quantity ?? 0;
  const quantity = parseCount(quantityText);
  const errors: Record<string, string> = {};
  if (needsFrom(kind) && !fromLocationId) errors.from = "inventory.validation.required";
  if (needsTo(kind) && !toLocationId) errors.to = "inventory.validation.required";
  if (kind === StockMovementKind.TRANSFER && fromLocationId && fromLocationId === toLocationId) errors.to = "inventory.stock.sameLocation";
  if (quantity === undefined || (kind !== StockMovementKind.ADJUST && quantity < 1)) errors.quantity = "inventory.validation.quantity";
  else if (needsFrom(kind) && fromLocationId && quantity > levelAt(fromLocationId)) errors.quantity = "inventory.stock.notEnough";
  const shown = (key: string) => (submitted && errors[key] ? t(errors[key], { count: levelAt(fromLocationId) }) : undefined);

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0 || record.isPending) return;
    record.mutate({
      productId: product.id,
      kind,
      fromLocationId: needsFrom(kind) ? fromLocationId : "",
      toLocationId: needsTo(kind) ? toLocationId : "",
      quantity: quantity ?? 0,
      reason: reason.trim(),
      requestId,
    });
  }

  const levelHint = (locationId: string) =>
    locationId ? t("inventory.stock.currentLevel", { quantity: formatNumber(levelAt(locationId), locale) }) : undefined;

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={record.error} />
        <Input.Wrapper label={t("inventory.stock.kind")}>
          <SegmentedControl
            fullWidth
            mt={4}
            aria-label={t("inventory.stock.kind")}
            value={String(kind)}
            onChange={(value) => { setKind(enumOf(movementKinds, value, kind)); }}
            data={movementKinds.map((value) => ({ value: String(value), label: movementKindLabel(t, value) }))}
          />
        </Input.Wrapper>
        <Text size="sm" c="dimmed">
          {t(`inventory.stock.kindHint.${StockMovementKind[kind]}`)}
        </Text>
        {needsFrom(kind) ? (
          <LocationSelect
            label={t("inventory.stock.from")}
            required
            value={fromLocationId}
            onChange={setFrom}
            error={shown("from")}
            description={levelHint(fromLocationId)}
          />
        ) : null}
        {needsTo(kind) ? (
          <LocationSelect
            label={kind === StockMovementKind.TRANSFER ? t("inventory.stock.to") : t("inventory.fields.location")}
            required
            value={toLocationId}
            onChange={setTo}
            error={shown("to")}
            description={levelHint(toLocationId)}
          />
        ) : null}
        <TextInput
          label={kind === StockMovementKind.ADJUST ? t("inventory.stock.countedQuantity") : t("inventory.fields.quantity")}
          required
          inputMode="numeric"
          dir="ltr"
          maw={220}
          value={quantityText}
          error={shown("quantity")}
          onChange={(event) => { setQuantity(event.currentTarget.value); }}
        />
        <TextInput label={t("inventory.fields.reason")} value={reason} onChange={(event) => { setReason(event.currentTarget.value); }} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={record.isPending}>
            {movementKindLabel(t, kind)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Receive, write off, adjust (count) or transfer bulk stock. */
export function StockMovementModal({
  product,
  levels,
  start,
  onClose,
}: {
  product: Product;
  levels: readonly StockLevel[];
  start: MovementStart | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <AppModal opened={start !== undefined} onClose={onClose} title={t("inventory.stock.movementTitle", { name: product.name })} size="md">
      {start ? <MovementForm product={product} levels={levels} start={start} onClose={onClose} /> : null}
    </AppModal>
  );
}
