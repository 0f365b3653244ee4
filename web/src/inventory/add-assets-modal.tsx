import { create } from "@bufbuild/protobuf";
import { useMutation } from "@connectrpc/connect-query";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { ExplicitTagsSchema, InventoryService, TagSeriesSchema, type CreateAssetsRequest, type Product } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Alert, Button, Group, Input, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useUserFormat } from "../auth/current-user.js";
import { currencyMinorDigits, formatNumber } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { parseCount, parseDecimal } from "./numbers.js";
import { LocationSelect } from "./pickers.js";
import { defaultCurrency } from "./product-input.js";
import { parseTagLines, seriesPreview, type SeriesInput } from "./tag-series.js";
import { CodeText } from "./ui.js";

type Mode = "series" | "explicit" | "generate";

function SeriesPreviewBox({ series }: { series: SeriesInput | undefined }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const preview = series ? seriesPreview(series) : undefined;
  return (
    <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-default-hover)" aria-live="polite" data-testid="series-preview">
      {preview && series ? (
        <Stack gap={4}>
          <Text size="sm">
            {t("inventory.addAssets.previewCount", { count: series.count, formatted: formatNumber(series.count, locale) })}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <CodeText size="md">{preview.first}</CodeText>
            <Text c="dimmed">…</Text>
            <CodeText size="md">{preview.last}</CodeText>
          </Group>
          {preview.overflows ? (
            <Text size="sm" c="red">
              {t("inventory.addAssets.previewOverflow")}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t("inventory.addAssets.previewInvalid")}
        </Text>
      )}
    </Paper>
  );
}

function AddAssetsForm({ product, onClose }: { product: Product; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const [mode, setMode] = useState<Mode>("series");
  const [prefix, setPrefix] = useState(() => `${product.code.toUpperCase()}-`);
  const [firstNumber, setFirstNumber] = useState("1");
  const [count, setCount] = useState("10");
  const [digits, setDigits] = useState("4");
  const [tagText, setTagText] = useState("");
  const [generateCount, setGenerateCount] = useState("1");
  const [locationId, setLocationId] = useState("");
  const [purchaseDate, setPurchaseDate] = useState("");
  const [purchaseCost, setPurchaseCost] = useState("");
  const [notes, setNotes] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const currency = product.replacementValue?.currency || product.dayRate?.currency || defaultCurrency;

  const createAssets = useMutation(InventoryService.method.createAssets, {
    onSuccess: async () => {
      await invalidate(
        InventoryService.method.listAssets,
        InventoryService.method.getProduct,
        InventoryService.method.listProducts,
        InventoryService.method.search,
      );
      onClose();
    },
  });

  const seriesNumbers = {
    firstNumber: parseCount(firstNumber),
    count: parseCount(count),
    digits: digits.trim() === "" ? 0 : parseCount(digits),
  };
  const series: SeriesInput | undefined =
    seriesNumbers.firstNumber !== undefined && seriesNumbers.count !== undefined && seriesNumbers.digits !== undefined
      ? { prefix: prefix.trim(), firstNumber: seriesNumbers.firstNumber, count: seriesNumbers.count, digits: seriesNumbers.digits }
      : undefined;
  const explicit = parseTagLines(tagText);
  const generated = parseCount(generateCount);
  const cost = parseDecimal(purchaseCost, currencyMinorDigits(currency), locale);

  const errors: Record<string, string> = {};
  if (!locationId) errors.location = "inventory.validation.required";
  const preview = series ? seriesPreview(series) : undefined;
  // The server refuses a series whose last number does not fit the digits.
  if (mode === "series") {
    if (!preview) errors.series = "inventory.addAssets.previewInvalid";
    else if (preview.overflows) errors.series = "inventory.addAssets.previewOverflow";
  }
  if (mode === "explicit") {
    if (explicit.tags.length === 0) errors.tags = "inventory.validation.required";
    else if (explicit.tags.length > 1000) errors.tags = "inventory.validation.tooMany";
    else if (explicit.tags.some((tag) => !/^[A-Za-z0-9._/-]{1,64}$/.test(tag))) errors.tags = "inventory.validation.codePattern";
    else if (new Set(explicit.tags).size !== explicit.tags.length) errors.tags = "inventory.validation.duplicate";
  }
  if (mode === "generate" && (generated === undefined || generated < 1 || generated > 1000)) errors.generate = "inventory.validation.countRange";
  if (cost === undefined) errors.cost = "inventory.validation.amount";
  const shown = (key: string) => (submitted && errors[key] ? t(errors[key]) : undefined);

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    let tags: CreateAssetsRequest["tags"];
    if (mode === "series" && series) tags = { case: "series", value: create(TagSeriesSchema, series) };
    else if (mode === "explicit") tags = { case: "explicit", value: create(ExplicitTagsSchema, explicit) };
    else tags = { case: "generateCount", value: generated ?? 1 };
    createAssets.mutate({
      productId: product.id,
      tags,
      locationId,
      purchaseDate,
      purchaseCost: purchaseCost.trim() === "" ? undefined : create(MoneySchema, { amountMinor: cost ?? 0n, currency }),
      notes: notes.trim(),
    });
  }

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={createAssets.error} />
        <Input.Wrapper label={t("inventory.addAssets.how")}>
          <SegmentedControl
            fullWidth
            mt={4}
            aria-label={t("inventory.addAssets.how")}
            value={mode}
            onChange={(value) => { setMode(value === "explicit" || value === "generate" ? value : "series"); }}
            data={[
              { value: "series", label: t("inventory.addAssets.modeSeries") },
              { value: "explicit", label: t("inventory.addAssets.modeExplicit") },
              { value: "generate", label: t("inventory.addAssets.modeGenerate") },
            ]}
          />
        </Input.Wrapper>
        {mode === "series" ? (
          <>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <TextInput label={t("inventory.addAssets.prefix")} dir="ltr" value={prefix} onChange={(event) => { setPrefix(event.currentTarget.value); }} />
              <TextInput
                label={t("inventory.addAssets.firstNumber")}
                inputMode="numeric"
                dir="ltr"
                value={firstNumber}
                onChange={(event) => { setFirstNumber(event.currentTarget.value); }}
              />
              <TextInput
                label={t("inventory.addAssets.count")}
                inputMode="numeric"
                dir="ltr"
                value={count}
                onChange={(event) => { setCount(event.currentTarget.value); }}
              />
              <TextInput
                label={t("inventory.addAssets.digits")}
                inputMode="numeric"
                dir="ltr"
                value={digits}
                onChange={(event) => { setDigits(event.currentTarget.value); }}
              />
            </SimpleGrid>
            <SeriesPreviewBox series={series} />
          </>
        ) : null}
        {mode === "explicit" ? (
          <Textarea
            label={t("inventory.addAssets.tags")}
            description={t("inventory.addAssets.tagsHint")}
            dir="ltr"
            autosize
            minRows={4}
            maxRows={12}
            value={tagText}
            error={shown("tags")}
            onChange={(event) => { setTagText(event.currentTarget.value); }}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          />
        ) : null}
        {mode === "generate" ? (
          <TextInput
            label={t("inventory.addAssets.count")}
            description={t("inventory.addAssets.generateHint")}
            inputMode="numeric"
            dir="ltr"
            maw={200}
            value={generateCount}
            error={shown("generate")}
            onChange={(event) => { setGenerateCount(event.currentTarget.value); }}
          />
        ) : null}
        {submitted && errors.series ? (
          <Alert color="red" variant="light">
            {t(errors.series)}
          </Alert>
        ) : null}
        <LocationSelect label={t("inventory.fields.location")} required value={locationId} onChange={setLocationId} error={shown("location")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t("inventory.fields.purchaseDate")}
            value={purchaseDate}
            onChange={(event) => { setPurchaseDate(event.currentTarget.value); }}
          />
          <TextInput
            label={t("inventory.fields.purchaseCostEach")}
            inputMode="decimal"
            dir="ltr"
            rightSection={<Text size="xs" c="dimmed">{currency}</Text>}
            rightSectionWidth={48}
            value={purchaseCost}
            error={shown("cost")}
            onChange={(event) => { setPurchaseCost(event.currentTarget.value); }}
          />
        </SimpleGrid>
        <Textarea label={t("inventory.fields.notes")} autosize minRows={2} value={notes} onChange={(event) => { setNotes(event.currentTarget.value); }} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={createAssets.isPending}>
            {t("inventory.addAssets.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AddAssetsModal({ product, opened, onClose }: { product: Product; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={opened} onClose={onClose} title={t("inventory.addAssets.title", { name: product.name })}>
      {opened ? <AddAssetsForm product={product} onClose={onClose} /> : null}
    </AppModal>
  );
}
