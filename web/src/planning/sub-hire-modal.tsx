import { create } from "@bufbuild/protobuf";
import { useMutation } from "@connectrpc/connect-query";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { LineSource, PlanningService, type Event } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Alert, Button, Group, Input, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useUserFormat } from "../auth/current-user.js";
import { errorReason } from "../errors.js";
import { currencyMinorDigits, formatNumber } from "../format.js";
import { parseCount, parseDecimal } from "../inventory/numbers.js";
import { CurrencySelect } from "../inventory/pickers.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { formatPeriod } from "./dates.js";
import { enumValue } from "./labels.js";
import { periodOf, useEventZone } from "./lookups.js";

/** What a sub-hire line covers: a product short on the event, in a section. */
export interface CoverTarget {
  productId: string;
  title: string;
  sectionId: string;
  shortage: number;
}

const sources = [LineSource.SUPPLIER, LineSource.PARTNER] as const;

function SubHireForm({ event, target, onClose }: { event: Event; target: CoverTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const zone = useEventZone(event);
  const invalidate = useInvalidate();
  const [source, setSource] = useState<LineSource>(LineSource.SUPPLIER);
  const [supplier, setSupplier] = useState("");
  const [quantity, setQuantity] = useState(String(target.shortage));
  const [cost, setCost] = useState("");
  const [currency, setCurrency] = useState("EUR");
  const [notes, setNotes] = useState("");
  const [submitted, setSubmitted] = useState(false);

  const count = parseCount(quantity);
  const costMinor = parseDecimal(cost, currencyMinorDigits(currency), locale);
  const errors = {
    supplier: supplier.trim() === "" ? "planning.subHire.supplierRequired" : undefined,
    quantity: count === undefined || count < 1 ? "planning.validation.quantity" : undefined,
    cost: costMinor === undefined ? "planning.validation.cost" : undefined,
  };
  const invalid = Object.values(errors).some(Boolean);
  const out = periodOf(event.outPeriod);

  const addLine = useMutation(PlanningService.method.addPullListLine, {
    onSuccess: async () => {
      await invalidate(PlanningService.method.getPullList, PlanningService.method.listShortages, PlanningService.method.listEventHistory, PlanningService.method.getProductTimeline);
      onClose();
    },
  });

  function submit(formEvent: SyntheticEvent) {
    formEvent.preventDefault();
    setSubmitted(true);
    if (invalid || count === undefined || costMinor === undefined) return;
    addLine.mutate({
      eventId: event.id,
      sectionId: target.sectionId,
      item: { case: "productId", value: target.productId },
      quantity: count,
      source,
      supplier: supplier.trim(),
      notes: notes.trim(),
      ...(cost.trim() !== "" ? { cost: create(MoneySchema, { amountMinor: costMinor, currency }) } : {}),
    });
  }
  const shown = (key: string | undefined) => (submitted && key ? t(key) : undefined);
  const needsSupplier = errorReason(addLine.error) === "SUB_HIRE_NEEDS_SUPPLIER";

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <Alert color="red" variant="light">
          <Text size="sm">
            {t("planning.subHire.missing", { count: target.shortage, value: formatNumber(target.shortage, locale), product: target.title })}
          </Text>
          {out ? (
            <Text size="xs" c="dimmed">
              {formatPeriod(out.start, out.end, locale, zone)}
            </Text>
          ) : null}
        </Alert>
        <ErrorAlert error={needsSupplier ? undefined : addLine.error} />
        <Input.Wrapper label={t("planning.subHire.source")}>
          <SegmentedControl
            fullWidth
            mt={4}
            aria-label={t("planning.subHire.source")}
            value={String(source)}
            onChange={(value) => { setSource(enumValue(sources, value, LineSource.SUPPLIER)); }}
            data={sources.map((value) => ({ value: String(value), label: value === LineSource.SUPPLIER ? t("planning.source.supplier") : t("planning.source.partner") }))}
          />
        </Input.Wrapper>
        <TextInput
          label={source === LineSource.PARTNER ? t("planning.subHire.partnerName") : t("planning.subHire.supplierName")}
          required
          data-autofocus
          value={supplier}
          error={shown(errors.supplier) ?? (needsSupplier ? t("errors.reason.subHireNeedsSupplier") : undefined)}
          onChange={(change) => { setSupplier(change.currentTarget.value); }}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput
            label={t("planning.fields.quantity")}
            inputMode="numeric"
            dir="ltr"
            required
            value={quantity}
            error={shown(errors.quantity)}
            onChange={(change) => { setQuantity(change.currentTarget.value); }}
          />
          <TextInput
            label={t("planning.subHire.cost")}
            description={t("planning.subHire.costHint")}
            inputMode="decimal"
            dir="ltr"
            value={cost}
            error={shown(errors.cost)}
            onChange={(change) => { setCost(change.currentTarget.value); }}
          />
          <CurrencySelect label={t("planning.subHire.currency")} value={currency} onChange={setCurrency} />
        </SimpleGrid>
        <Textarea label={t("planning.fields.notes")} autosize minRows={2} maxRows={6} value={notes} onChange={(change) => { setNotes(change.currentTarget.value); }} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={addLine.isPending}>
            {t("planning.subHire.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SubHireModal({ event, target, onClose }: { event: Event; target: CoverTarget | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={target !== undefined} onClose={onClose} title={target ? t("planning.subHire.title", { product: target.title }) : ""}>
      {target ? <SubHireForm event={event} target={target} onClose={onClose} /> : null}
    </AppModal>
  );
}
