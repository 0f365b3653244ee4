import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { useMutation, useQuery } from "@connectrpc/connect-query";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  AssetChangeKind,
  AssetStatus,
  FileOwnerKind,
  InventoryService,
  MaintenanceKind,
  type Asset,
  type AssetHistoryEntry,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Timeline, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { useState, type SyntheticEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { currencyMinorDigits, formatDate, formatDateTime } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { CaseLink } from "./case-link.js";
import { LabelModal, type LabelTargets } from "./label-modal.js";
import { assetStatusColor, assetStatuses, assetStatusFromName, assetStatusLabel, enumOf, historySourceLabel } from "./labels.js";
import { useLocations, useUserNames } from "./lookups.js";
import { CreateMaintenanceModal, type MaintenanceStart } from "./maintenance-form.js";
import { MaintenanceRecords } from "./maintenance-page.js";
import { decimalText, parseDecimal } from "./numbers.js";
import { FileAttachments } from "./files.js";
import { inventoryPaths } from "./paths.js";
import { LocationSelect } from "./pickers.js";
import { defaultCurrency } from "./product-input.js";
import { AppLink, AssetStatusBadge, CenteredLoader, CodeText, DetailGrid, useMoneyFormat } from "./ui.js";

const assetQueries = [
  InventoryService.method.getAsset,
  InventoryService.method.listAssets,
  InventoryService.method.getProduct,
  InventoryService.method.listProducts,
  InventoryService.method.getCase,
] as const;

function EditAssetForm({ asset, onClose }: { asset: Asset; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const [status, setStatus] = useState(asset.status);
  const [reason, setReason] = useState("");
  const [locationId, setLocationId] = useState(asset.locationId);
  const [serialNumber, setSerialNumber] = useState(asset.serialNumber);
  const [condition, setCondition] = useState(asset.condition);
  const [notes, setNotes] = useState(asset.notes);
  const [purchaseDate, setPurchaseDate] = useState(asset.purchaseDate);
  const currency = asset.purchaseCost?.currency || defaultCurrency;
  const digits = currencyMinorDigits(currency);
  const initialCost = asset.purchaseCost?.currency ? decimalText(asset.purchaseCost.amountMinor, digits) : "";
  const [cost, setCost] = useState(initialCost);
  const [submitted, setSubmitted] = useState(false);
  const update = useMutation(InventoryService.method.updateAsset, {
    onSuccess: async () => {
      await invalidate(...assetQueries);
      onClose();
    },
  });
  const statusChanged = status !== asset.status;
  const costMinor = parseDecimal(cost, digits, locale);
  const errors: Record<string, string> = {};
  if (statusChanged && reason.trim() === "") errors.reason = "inventory.asset.reasonRequired";
  if (costMinor === undefined) errors.cost = "inventory.validation.amount";
  const shown = (key: string) => (submitted && errors[key] ? t(errors[key]) : undefined);

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    // Only what changed is sent; optional fields left out stay as they are.
    update.mutate({
      assetId: asset.id,
      version: asset.version,
      status: statusChanged ? status : AssetStatus.UNSPECIFIED,
      ...(locationId !== asset.locationId && locationId ? { locationId } : {}),
      ...(serialNumber !== asset.serialNumber ? { serialNumber: serialNumber.trim() } : {}),
      ...(condition !== asset.condition ? { condition: condition.trim() } : {}),
      ...(notes !== asset.notes ? { notes } : {}),
      ...(purchaseDate !== asset.purchaseDate ? { purchaseDate } : {}),
      ...(cost !== initialCost ? { purchaseCost: create(MoneySchema, { amountMinor: costMinor ?? 0n, currency }) } : {}),
      reason: reason.trim(),
    });
  }

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={update.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("inventory.fields.status")}
            allowDeselect={false}
            value={String(status)}
            onChange={(value) => { setStatus(enumOf(assetStatuses, value, asset.status)); }}
            data={assetStatuses
              .filter((value) => value !== AssetStatus.RETIRED)
              .map((value) => ({ value: String(value), label: assetStatusLabel(t, value) }))}
          />
          <LocationSelect label={t("inventory.fields.location")} value={locationId} onChange={setLocationId} />
        </SimpleGrid>
        <TextInput
          label={t("inventory.fields.reason")}
          description={t("inventory.asset.reasonHint")}
          required={statusChanged}
          value={reason}
          error={shown("reason")}
          onChange={(event) => { setReason(event.currentTarget.value); }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("inventory.fields.serialNumber")} dir="ltr" value={serialNumber} onChange={(event) => { setSerialNumber(event.currentTarget.value); }} />
          <TextInput label={t("inventory.fields.condition")} placeholder={t("inventory.asset.conditionPlaceholder")} value={condition} onChange={(event) => { setCondition(event.currentTarget.value); }} />
          <TextInput type="date" label={t("inventory.fields.purchaseDate")} value={purchaseDate} onChange={(event) => { setPurchaseDate(event.currentTarget.value); }} />
          <TextInput
            label={t("inventory.fields.purchaseCost")}
            inputMode="decimal"
            dir="ltr"
            rightSection={<Text size="xs" c="dimmed">{currency}</Text>}
            rightSectionWidth={48}
            value={cost}
            error={shown("cost")}
            onChange={(event) => { setCost(event.currentTarget.value); }}
          />
        </SimpleGrid>
        <Textarea label={t("inventory.fields.notes")} autosize minRows={2} value={notes} onChange={(event) => { setNotes(event.currentTarget.value); }} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RetireModal({ asset, opened, onClose }: { asset: Asset; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [reason, setReason] = useState("");
  const retire = useMutation(InventoryService.method.retireAsset, {
    onSuccess: async () => {
      await invalidate(...assetQueries);
      onClose();
    },
  });
  return (
    <AppModal opened={opened} onClose={onClose} title={t("inventory.asset.retireTitle", { tag: asset.tag })} size="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim() !== "") retire.mutate({ assetId: asset.id, reason: reason.trim() });
        }}
      >
        <Stack>
          <Text size="sm">{t("inventory.asset.retireText")}</Text>
          <ErrorAlert error={retire.error} />
          <TextInput label={t("inventory.fields.reason")} required value={reason} onChange={(event) => { setReason(event.currentTarget.value); }} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red" loading={retire.isPending} disabled={reason.trim() === ""}>
              {t("inventory.asset.retire")}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

function StatusName({ name }: { name: string }) {
  const { t } = useTranslation();
  const status = assetStatusFromName(name);
  return status ? (
    <Badge size="sm" variant="light" color={assetStatusColor(status)} tt="none">
      {assetStatusLabel(t, status)}
    </Badge>
  ) : (
    <Text span>{name || "—"}</Text>
  );
}

function entryTitle(t: TFunction, entry: AssetHistoryEntry, place: (id: string) => string): ReactNode {
  switch (entry.kind) {
    case AssetChangeKind.CREATED:
      return t("inventory.history.created");
    case AssetChangeKind.STATUS:
      return (
        <Group gap={6} component="span">
          <Text span fw={500}>
            {t("inventory.history.status")}
          </Text>
          <StatusName name={entry.from} />
          <Text span aria-hidden>
            →
          </Text>
          <StatusName name={entry.to} />
        </Group>
      );
    case AssetChangeKind.LOCATION:
      return t("inventory.history.location", { from: entry.from ? place(entry.from) : "—", to: entry.to ? place(entry.to) : "—" });
    case AssetChangeKind.CASE:
      if (!entry.from) return <>{t("inventory.history.packed")} <CaseLink caseId={entry.to} /></>;
      if (!entry.to) return <>{t("inventory.history.unpacked")} <CaseLink caseId={entry.from} /></>;
      return (
        <>
          {t("inventory.history.caseMoved")} <CaseLink caseId={entry.from} /> → <CaseLink caseId={entry.to} />
        </>
      );
    case AssetChangeKind.UNSPECIFIED:
      return "";
  }
}

function History({ entries }: { entries: readonly AssetHistoryEntry[] }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const locations = useLocations();
  const userName = useUserNames();
  const place = (id: string) => locations.pathOf(id) ?? `${id.slice(0, 8)}…`;
  // The API answers newest first; keep that order whatever it sends.
  const sorted = [...entries].sort((a, b) => Number((b.at?.seconds ?? 0n) - (a.at?.seconds ?? 0n)) || (b.at?.nanos ?? 0) - (a.at?.nanos ?? 0));
  if (sorted.length === 0) return <Text c="dimmed">{t("inventory.history.empty")}</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} active={0} aria-label={t("inventory.history.title")}>
      {sorted.map((entry) => (
        <Timeline.Item key={entry.id} title={entryTitle(t, entry, place)}>
          <Text size="xs" c="dimmed" mt={2}>
            {[
              entry.at ? formatDateTime(timestampDate(entry.at), locale, timeZone) : "",
              userName(t, entry.actorUserId),
              entry.sourceType ? historySourceLabel(t, entry.sourceType) : "",
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          {entry.reason ? (
            <Text size="sm" mt={2}>
              {t("inventory.history.why", { reason: entry.reason })}
            </Text>
          ) : null}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function AssetMaintenance({ asset }: { asset: Asset }) {
  const canManage = useCan("maintenance.manage");
  const records = useQuery(InventoryService.method.listMaintenance, { assetId: asset.id, pageSize: 100 });
  if (records.isPending) return <CenteredLoader />;
  return (
    <Stack>
      <ErrorAlert error={records.error} />
      <MaintenanceRecords records={records.data?.records ?? []} canManage={canManage} />
    </Stack>
  );
}

export function AssetPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const money = useMoneyFormat();
  const canManage = useCan("inventory.manage");
  const canMaintain = useCan("maintenance.manage");
  const locations = useLocations();
  const found = useQuery(InventoryService.method.getAsset, { assetId: id });
  const [editing, setEditing] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const [labels, setLabels] = useState<LabelTargets>();
  const [reporting, setReporting] = useState<MaintenanceStart>();
  const asset = found.data?.asset;

  if (found.isPending) return <CenteredLoader />;
  if (!asset) {
    const missing = found.error && ConnectError.from(found.error).code === Code.NotFound;
    return missing ? <EmptyState title={t("inventory.asset.notFound")} /> : <ErrorAlert error={found.error} />;
  }
  const retired = asset.status === AssetStatus.RETIRED;
  const label = `${asset.tag} · ${asset.productName}`;

  return (
    <>
      <Text size="sm">
        <AppLink to={inventoryPaths.product(asset.productId)}>{t("inventory.asset.backToProduct", { name: asset.productName })}</AppLink>
      </Text>
      <PageHeader
        title={asset.tag}
        actions={
          <>
            {canManage && !retired ? <Button onClick={() => { setEditing(true); }}>{t("common.edit")}</Button> : null}
            {canMaintain && !retired ? (
              <Button variant="default" onClick={() => { setReporting({ kind: MaintenanceKind.DAMAGE_REPORT, assetId: asset.id, assetLabel: label }); }}>
                {t("inventory.asset.reportDamage")}
              </Button>
            ) : null}
            <Button variant="default" onClick={() => { setLabels({ assetIds: [asset.id], caseIds: [], name: asset.tag }); }}>
              {t("inventory.labels.printOne")}
            </Button>
            {canManage && !retired ? (
              <Button variant="subtle" color="red" onClick={() => { setRetiring(true); }}>
                {t("inventory.asset.retire")}
              </Button>
            ) : null}
          </>
        }
      />
      <Group gap="xs" mt={-8} mb="md">
        <AssetStatusBadge status={asset.status} />
        <AppLink to={inventoryPaths.product(asset.productId)}>{asset.productName}</AppLink>
      </Group>
      <Stack gap="lg">
        <Paper withBorder p="md" radius="md">
          <DetailGrid
            details={[
              { label: t("inventory.fields.tag"), value: <CodeText>{asset.tag}</CodeText> },
              { label: t("inventory.fields.serialNumber"), value: asset.serialNumber ? <CodeText>{asset.serialNumber}</CodeText> : "" },
              { label: t("inventory.fields.location"), value: locations.pathOf(asset.locationId) ?? "" },
              { label: t("inventory.fields.case"), value: asset.caseId ? <CaseLink caseId={asset.caseId} /> : "" },
              { label: t("inventory.fields.condition"), value: asset.condition },
              { label: t("inventory.fields.purchaseDate"), value: asset.purchaseDate ? formatDate(asset.purchaseDate, locale) : "" },
              { label: t("inventory.fields.purchaseCost"), value: asset.purchaseCost?.currency && asset.purchaseCost.amountMinor !== 0n ? money(asset.purchaseCost) : "" },
              { label: t("inventory.asset.createdAt"), value: asset.createdAt ? formatDateTime(timestampDate(asset.createdAt), locale, timeZone) : "" },
            ]}
          />
          {asset.notes ? (
            <Text size="sm" mt="md" style={{ whiteSpace: "pre-wrap" }}>
              {asset.notes}
            </Text>
          ) : null}
        </Paper>
        <Stack gap="sm" component="section" aria-label={t("files.attachments")}>
          <Title order={3}>{t("files.attachments")}</Title>
          <FileAttachments owner={{ kind: FileOwnerKind.ASSET, id: asset.id }} canManage={canManage} title={asset.tag} />
        </Stack>
        <Stack gap="sm" component="section">
          <Title order={3}>{t("inventory.history.title")}</Title>
          <History entries={found.data?.history ?? []} />
        </Stack>
        <Stack gap="sm" component="section">
          <Title order={3}>{t("inventory.maintenance.title")}</Title>
          <AssetMaintenance asset={asset} />
        </Stack>
      </Stack>
      <AppModal opened={editing} onClose={() => { setEditing(false); }} title={t("inventory.asset.editTitle", { tag: asset.tag })}>
        {editing ? <EditAssetForm key={`${asset.id}:${asset.version}`} asset={asset} onClose={() => { setEditing(false); }} /> : null}
      </AppModal>
      <RetireModal asset={asset} opened={retiring} onClose={() => { setRetiring(false); }} />
      <LabelModal targets={labels} onClose={() => { setLabels(undefined); }} />
      <CreateMaintenanceModal start={reporting} onClose={() => { setReporting(undefined); }} />
    </>
  );
}
