import { useMutation } from "@connectrpc/connect-query";
import { InventoryService, LabelLayout, Symbology } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Alert, Anchor, Button, Group, Input, SegmentedControl, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { blobUrl } from "./download.js";
import { enumOf } from "./labels.js";

export interface LabelTargets {
  assetIds: readonly string[];
  caseIds: readonly string[];
  /** For the file name, e.g. a product code. */
  name: string;
}

function LabelForm({ targets, onClose }: { targets: LabelTargets; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const [layout, setLayout] = useState<LabelLayout>(LabelLayout.A4_3X8);
  const [symbology, setSymbology] = useState<Symbology>(Symbology.CODE128);
  const [pdf, setPdf] = useState<{ url: string; count: number }>();
  const render = useMutation(InventoryService.method.renderLabels, {
    onSuccess: (response) => {
      setPdf({ url: blobUrl(response.pdf, "application/pdf"), count: response.labelCount });
    },
  });
  // The PDF lives as long as the dialog.
  useEffect(() => () => { if (pdf) URL.revokeObjectURL(pdf.url); }, [pdf]);
  const total = targets.assetIds.length + targets.caseIds.length;
  const fileName = `labels-${targets.name.replace(/[^A-Za-z0-9._-]+/g, "-") || "eventkit"}.pdf`;

  const choose = <T,>(setter: (value: T) => void) => (value: T) => {
    setter(value);
    setPdf(undefined);
  };

  return (
    <Stack gap="sm">
      <Text size="sm">{t("inventory.labels.selected", { count: total, formatted: formatNumber(total, locale) })}</Text>
      <Input.Wrapper label={t("inventory.labels.layout")}>
        <SegmentedControl
          fullWidth
          mt={4}
          aria-label={t("inventory.labels.layout")}
          value={String(layout)}
          onChange={(value) => { choose(setLayout)(enumOf([LabelLayout.A4_3X8, LabelLayout.SINGLE_62X29], value, layout)); }}
          data={[
            { value: String(LabelLayout.A4_3X8), label: t("inventory.labels.a4") },
            { value: String(LabelLayout.SINGLE_62X29), label: t("inventory.labels.single") },
          ]}
        />
      </Input.Wrapper>
      <Input.Wrapper label={t("inventory.labels.symbology")}>
        <SegmentedControl
          fullWidth
          mt={4}
          aria-label={t("inventory.labels.symbology")}
          value={String(symbology)}
          onChange={(value) => { choose(setSymbology)(enumOf([Symbology.CODE128, Symbology.QR], value, symbology)); }}
          data={[
            { value: String(Symbology.CODE128), label: t("inventory.labels.code128") },
            { value: String(Symbology.QR), label: t("inventory.labels.qr") },
          ]}
        />
      </Input.Wrapper>
      <ErrorAlert error={render.error} />
      {pdf ? (
        <Alert color="teal" variant="light" title={t("inventory.labels.ready", { count: pdf.count, formatted: formatNumber(pdf.count, locale) })}>
          <Group gap="md">
            <Anchor href={pdf.url} target="_blank" rel="noopener">
              {t("inventory.labels.open")}
            </Anchor>
            <Anchor href={pdf.url} download={fileName}>
              {t("inventory.labels.download")}
            </Anchor>
          </Group>
        </Alert>
      ) : null}
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>
          {t("common.close")}
        </Button>
        <Button
          loading={render.isPending}
          disabled={total === 0}
          onClick={() => { render.mutate({ assetIds: [...targets.assetIds], caseIds: [...targets.caseIds], layout, symbology }); }}
        >
          {t("inventory.labels.create")}
        </Button>
      </Group>
    </Stack>
  );
}

/** Chooses layout and symbology, renders the labels as a PDF and offers it to open or download. */
export function LabelModal({ targets, onClose }: { targets: LabelTargets | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={targets !== undefined} onClose={onClose} title={t("inventory.labels.title")} size="md">
      {targets ? <LabelForm targets={targets} onClose={onClose} /> : null}
    </AppModal>
  );
}
