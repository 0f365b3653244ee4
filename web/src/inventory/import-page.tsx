import { useMutation } from "@connectrpc/connect-query";
import { CsvKind, InventoryService, type CsvRowError } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Alert, Button, Code, FileInput, Group, Input, List, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { ExportCsvButton } from "./export-button.js";
import { csvReasonLabel, enumOf } from "./labels.js";

const maxBytes = 3 * 1024 * 1024;

type ImportKind = CsvKind.PRODUCTS | CsvKind.ASSETS;

/** CSV import of products or assets: a dry run lists every row error; nothing is written until the file is clean. */
export function ImportPage() {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const [kind, setKind] = useState<ImportKind>(CsvKind.PRODUCTS);
  const [file, setFile] = useState<File | null>(null);
  const [bytes, setBytes] = useState<Uint8Array>();
  const [tooLarge, setTooLarge] = useState(false);
  const check = useMutation(InventoryService.method.importCsv);
  const commit = useMutation(InventoryService.method.importCsv, {
    onSuccess: () =>
      invalidate(InventoryService.method.listProducts, InventoryService.method.listAssets, InventoryService.method.getProduct, InventoryService.method.search),
  });

  const reset = () => {
    check.reset();
    commit.reset();
  };
  const choose = async (next: File | null) => {
    reset();
    setFile(next);
    setBytes(undefined);
    setTooLarge(false);
    if (!next) return;
    if (next.size > maxBytes) {
      setTooLarge(true);
      return;
    }
    setBytes(new Uint8Array(await next.arrayBuffer()));
  };

  const report = check.data;
  const errors = report?.errors ?? [];
  const clean = report !== undefined && errors.length === 0;
  const done = commit.data;
  const columns: Column<CsvRowError>[] = [
    { key: "line", header: t("inventory.import.line"), mobile: "title", render: (row) => <Text fw={600}>{t("inventory.import.lineNumber", { line: formatNumber(row.line, locale) })}</Text> },
    { key: "field", header: t("inventory.import.field"), render: (row) => (row.field ? <Code dir="ltr">{row.field}</Code> : "—") },
    { key: "reason", header: t("inventory.import.problem"), render: (row) => <Text size="sm">{csvReasonLabel(t, row.reason)}</Text> },
  ];

  return (
    <>
      <PageHeader title={t("inventory.import.title")} description={t("inventory.import.description")} />
      <Stack gap="md" maw={960}>
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Input.Wrapper label={t("inventory.import.kind")}>
              <SegmentedControl
                mt={4}
                fullWidth
                aria-label={t("inventory.import.kind")}
                value={String(kind)}
                onChange={(value) => {
                  setKind(enumOf([CsvKind.PRODUCTS, CsvKind.ASSETS] as const, value, kind));
                  reset();
                }}
                data={[
                  { value: String(CsvKind.PRODUCTS), label: t("inventory.import.products") },
                  { value: String(CsvKind.ASSETS), label: t("inventory.import.assets") },
                ]}
              />
            </Input.Wrapper>
            <Group gap="sm" align="center">
              <Text size="sm" c="dimmed" flex="1 1 16rem">
                {t("inventory.import.columns")}
              </Text>
              <ExportCsvButton kind={kind} label={t("inventory.import.template")} />
            </Group>
            <FileInput
              label={t("inventory.import.file")}
              placeholder={t("inventory.import.choose")}
              accept=".csv,text/csv"
              value={file}
              onChange={(next) => void choose(next)}
              clearable
              clearButtonProps={{ "aria-label": t("common.clear") }}
              error={tooLarge ? t("inventory.import.tooLarge") : undefined}
            />
            <Group>
              <Button
                variant={clean ? "default" : "filled"}
                disabled={!bytes}
                loading={check.isPending}
                onClick={() => {
                  if (!bytes) return;
                  commit.reset();
                  check.mutate({ kind, csv: bytes, dryRun: true });
                }}
              >
                {t("inventory.import.check")}
              </Button>
              <Button
                color="teal"
                disabled={!clean || !bytes || done !== undefined}
                loading={commit.isPending}
                onClick={() => { if (bytes) commit.mutate({ kind, csv: bytes, dryRun: false }); }}
              >
                {report ? t("inventory.import.run", { count: report.rows, formatted: formatNumber(report.rows, locale) }) : t("inventory.import.runIdle")}
              </Button>
            </Group>
          </Stack>
        </Paper>
        <ErrorAlert error={check.error ?? commit.error} />
        {done ? (
          <Alert color="teal" variant="light" title={t("inventory.import.doneTitle")}>
            {t("inventory.import.doneText", { created: formatNumber(done.created, locale), updated: formatNumber(done.updated, locale) })}
          </Alert>
        ) : report ? (
          clean ? (
            <Alert color="teal" variant="light" title={t("inventory.import.cleanTitle")}>
              {t("inventory.import.cleanText", { count: report.rows, formatted: formatNumber(report.rows, locale) })}
            </Alert>
          ) : (
            <Stack gap="sm">
              <Alert color="red" variant="light" title={t("inventory.import.errorsTitle", { count: errors.length, formatted: formatNumber(errors.length, locale) })}>
                <List size="sm">
                  <List.Item>{t("inventory.import.errorsText", { count: report.rows, formatted: formatNumber(report.rows, locale) })}</List.Item>
                  <List.Item>{t("inventory.import.errorsFix")}</List.Item>
                </List>
              </Alert>
              <Title order={4}>{t("inventory.import.errorTable")}</Title>
              <DataTable label={t("inventory.import.errorTable")} rows={errors} columns={columns} rowKey={(row) => `${row.line}:${row.field}:${row.reason}`} minWidth={520} />
            </Stack>
          )
        ) : null}
      </Stack>
    </>
  );
}
