import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { useMutation } from "@connectrpc/connect-query";
import { MoneySchema, TimeRangeSchema, type Money, type TimeRange } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  InspectionResult,
  InventoryService,
  MaintenanceKind,
  MaintenanceState,
  type MaintenanceRecord,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Button, Group, Input, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useUserFormat } from "../auth/current-user.js";
import { currencyMinorDigits, formatDay } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { localDate, zonedToInstant } from "./dates.js";
import { enumOf, inspectionResultLabel, maintenanceKindLabel, maintenanceKinds } from "./labels.js";
import { decimalText, parseDecimal } from "./numbers.js";
import { AssetPicker, CurrencySelect } from "./pickers.js";
import { defaultCurrency } from "./product-input.js";

const maintenanceQueries = [
  InventoryService.method.listMaintenance,
  InventoryService.method.listInspectionsDue,
  InventoryService.method.getAsset,
  InventoryService.method.listAssets,
  InventoryService.method.getProduct,
] as const;

export interface MaintenanceStart {
  kind: MaintenanceKind;
  assetId?: string;
  assetLabel?: string;
}

/** Out of service from the first day's start to the end of the last day, in the user's time zone. */
export function outOfServiceRange(fromDate: string, toDate: string, timeZone: string | undefined): TimeRange | undefined {
  const start = zonedToInstant(fromDate, timeZone);
  const lastDay = zonedToInstant(toDate, timeZone);
  if (!start || !lastDay) return undefined;
  const dayAfter = new Date(Date.UTC(Number(toDate.slice(0, 4)), Number(toDate.slice(5, 7)) - 1, Number(toDate.slice(8, 10)) + 1));
  const end = zonedToInstant(dayAfter.toISOString().slice(0, 10), timeZone);
  if (!end || end <= start) return undefined;
  return create(TimeRangeSchema, { start: timestampFromDate(start), end: timestampFromDate(end) });
}

function MoneyFields({ currency, setCurrency, amount, setAmount, error }: {
  currency: string;
  setCurrency: (code: string) => void;
  amount: string;
  setAmount: (text: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput
        label={t("inventory.fields.cost")}
        inputMode="decimal"
        dir="ltr"
        rightSection={<Text size="xs" c="dimmed">{currency}</Text>}
        rightSectionWidth={48}
        value={amount}
        error={error}
        onChange={(event) => { setAmount(event.currentTarget.value); }}
      />
      <CurrencySelect label={t("inventory.fields.currency")} value={currency} onChange={setCurrency} />
    </SimpleGrid>
  );
}

function ResultField({ value, onChange, error }: { value: InspectionResult; onChange: (result: InspectionResult) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Input.Wrapper label={t("inventory.fields.inspectionResult")} error={error}>
      <SegmentedControl
        fullWidth
        mt={4}
        aria-label={t("inventory.fields.inspectionResult")}
        value={String(value)}
        onChange={(next) => { onChange(enumOf([InspectionResult.UNSPECIFIED, InspectionResult.PASSED, InspectionResult.FAILED], next, value)); }}
        data={[
          { value: String(InspectionResult.UNSPECIFIED), label: t("inventory.inspectionResult.pending") },
          { value: String(InspectionResult.PASSED), label: inspectionResultLabel(t, InspectionResult.PASSED) },
          { value: String(InspectionResult.FAILED), label: inspectionResultLabel(t, InspectionResult.FAILED) },
        ]}
      />
    </Input.Wrapper>
  );
}

function CreateForm({ start, onClose }: { start: MaintenanceStart; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const invalidate = useInvalidate();
  const [assetId, setAssetId] = useState(start.assetId ?? "");
  const [assetLabel, setAssetLabel] = useState(start.assetLabel ?? "");
  const [kind, setKind] = useState(start.kind);
  const [title, setTitle] = useState("");
  const [notes, setNotes] = useState("");
  const [currency, setCurrency] = useState(defaultCurrency);
  const [cost, setCost] = useState("");
  const today = localDate(new Date(), timeZone);
  const [fromDate, setFromDate] = useState(today);
  const [toDate, setToDate] = useState(today);
  const [result, setResult] = useState(InspectionResult.UNSPECIFIED);
  const [submitted, setSubmitted] = useState(false);
  const createRecord = useMutation(InventoryService.method.createMaintenanceRecord, {
    onSuccess: async () => {
      await invalidate(...maintenanceQueries);
      onClose();
    },
  });

  const costMinor = parseDecimal(cost, currencyMinorDigits(currency), locale);
  const range = kind === MaintenanceKind.REPAIR ? outOfServiceRange(fromDate, toDate, timeZone) : undefined;
  const errors: Record<string, string> = {};
  if (!assetId) errors.asset = "inventory.validation.required";
  if (title.trim() === "") errors.title = "inventory.validation.required";
  if (costMinor === undefined) errors.cost = "inventory.validation.amount";
  if (kind === MaintenanceKind.REPAIR && !range) errors.period = "inventory.maintenance.periodInvalid";
  const shown = (key: string) => (submitted && errors[key] ? t(errors[key]) : undefined);

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    createRecord.mutate({
      assetId,
      kind,
      title: title.trim(),
      notes: notes.trim(),
      cost: cost.trim() === "" ? undefined : create(MoneySchema, { amountMinor: costMinor ?? 0n, currency }),
      outOfService: range,
      inspectionResult: kind === MaintenanceKind.INSPECTION ? result : InspectionResult.UNSPECIFIED,
    });
  }

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={createRecord.error} />
        {start.assetId ? (
          <TextInput label={t("inventory.fields.asset")} value={assetLabel} readOnly variant="filled" />
        ) : (
          <AssetPicker
            label={t("inventory.fields.asset")}
            required
            value={assetId}
            valueLabel={assetLabel}
            error={shown("asset")}
            onChange={(id, label) => {
              setAssetId(id);
              setAssetLabel(label);
            }}
          />
        )}
        <Input.Wrapper label={t("inventory.maintenance.kind")}>
          <SegmentedControl
            fullWidth
            mt={4}
            aria-label={t("inventory.maintenance.kind")}
            value={String(kind)}
            onChange={(value) => { setKind(enumOf(maintenanceKinds, value, kind)); }}
            data={maintenanceKinds.map((value) => ({ value: String(value), label: maintenanceKindLabel(t, value) }))}
          />
        </Input.Wrapper>
        <Text size="sm" c="dimmed">
          {t(`inventory.maintenance.kindHint.${MaintenanceKind[kind]}`)}
        </Text>
        <TextInput
          label={t("inventory.fields.title")}
          placeholder={t(`inventory.maintenance.titlePlaceholder.${MaintenanceKind[kind]}`)}
          required
          value={title}
          error={shown("title")}
          onChange={(event) => { setTitle(event.currentTarget.value); }}
        />
        <Textarea label={t("inventory.fields.notes")} autosize minRows={2} value={notes} onChange={(event) => { setNotes(event.currentTarget.value); }} />
        {kind === MaintenanceKind.REPAIR ? (
          <Input.Wrapper label={t("inventory.maintenance.outOfService")} description={t("inventory.maintenance.outOfServiceHint")} error={shown("period")}>
            <SimpleGrid cols={2} mt={4}>
              <TextInput type="date" aria-label={t("inventory.maintenance.fromDate")} value={fromDate} onChange={(event) => { setFromDate(event.currentTarget.value); }} />
              <TextInput type="date" aria-label={t("inventory.maintenance.toDate")} value={toDate} onChange={(event) => { setToDate(event.currentTarget.value); }} />
            </SimpleGrid>
          </Input.Wrapper>
        ) : null}
        {kind === MaintenanceKind.INSPECTION ? <ResultField value={result} onChange={setResult} /> : null}
        <MoneyFields currency={currency} setCurrency={setCurrency} amount={cost} setAmount={setCost} error={shown("cost")} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={createRecord.isPending}>
            {t("inventory.maintenance.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CreateMaintenanceModal({ start, onClose }: { start: MaintenanceStart | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={start !== undefined} onClose={onClose} title={t("inventory.maintenance.createTitle")}>
      {start ? <CreateForm start={start} onClose={onClose} /> : null}
    </AppModal>
  );
}

function moneyText(money: Money | undefined): string {
  return money?.currency ? decimalText(money.amountMinor, currencyMinorDigits(money.currency)) : "";
}

/** Closes a record (done) with notes, cost and, for inspections, the result. */
function CompleteForm({ record, onClose }: { record: MaintenanceRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const [notes, setNotes] = useState(record.notes);
  const [currency, setCurrency] = useState(record.cost?.currency || defaultCurrency);
  const [cost, setCost] = useState(moneyText(record.cost));
  const [result, setResult] = useState(record.inspectionResult);
  const [submitted, setSubmitted] = useState(false);
  const update = useMutation(InventoryService.method.updateMaintenanceRecord, {
    onSuccess: async () => {
      await invalidate(...maintenanceQueries);
      onClose();
    },
  });
  const costMinor = parseDecimal(cost, currencyMinorDigits(currency), locale);
  const errors: Record<string, string> = {};
  if (costMinor === undefined) errors.cost = "inventory.validation.amount";
  if (record.kind === MaintenanceKind.INSPECTION && result === InspectionResult.UNSPECIFIED) errors.result = "inventory.maintenance.resultRequired";
  const shown = (key: string) => (submitted && errors[key] ? t(errors[key]) : undefined);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setSubmitted(true);
        if (Object.keys(errors).length > 0) return;
        update.mutate({
          recordId: record.id,
          version: record.version,
          state: MaintenanceState.DONE,
          notes: notes.trim(),
          cost: cost.trim() === "" ? undefined : create(MoneySchema, { amountMinor: costMinor ?? 0n, currency }),
          inspectionResult: record.kind === MaintenanceKind.INSPECTION ? result : InspectionResult.UNSPECIFIED,
        });
      }}
    >
      <Stack gap="sm">
        <ErrorAlert error={update.error} />
        <Text fw={500}>{record.title}</Text>
        {record.kind === MaintenanceKind.INSPECTION ? <ResultField value={result} onChange={setResult} error={shown("result")} /> : null}
        <Textarea label={t("inventory.fields.notes")} autosize minRows={3} value={notes} onChange={(event) => { setNotes(event.currentTarget.value); }} />
        <MoneyFields currency={currency} setCurrency={setCurrency} amount={cost} setAmount={setCost} error={shown("cost")} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" color="teal" loading={update.isPending}>
            {t("inventory.maintenance.markDone")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CompleteMaintenanceModal({ record, onClose }: { record: MaintenanceRecord | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={record !== undefined} onClose={onClose} title={t("inventory.maintenance.completeTitle")} size="md">
      {record ? <CompleteForm key={`${record.id}:${record.version}`} record={record} onClose={onClose} /> : null}
    </AppModal>
  );
}

/** "1 Mar 2025 – 4 Mar 2025" for a half-open range of whole days. */
export function formatPeriod(range: TimeRange | undefined, locale: string, timeZone: string | undefined): string {
  if (!range?.start || !range.end) return "";
  const lastMoment = new Date(timestampDate(range.end).getTime() - 1);
  return `${formatDay(timestampDate(range.start), locale, timeZone)} – ${formatDay(lastMoment, locale, timeZone)}`;
}
