import { useMutation } from "@connectrpc/connect-query";
import { InventoryService, type CsvKind, type ExportCsvRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Button, Popover, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useCan } from "../auth/current-user.js";
import { errorMessage } from "../errors.js";
import { downloadBytes } from "./download.js";

type ExportFilters = Omit<Partial<ExportCsvRequest>, "$typeName" | "$unknown" | "kind">;

/** Downloads a list as CSV with the list's filters (needs data.export). */
export function ExportCsvButton({ kind, filters = {}, label }: { kind: CsvKind; filters?: ExportFilters; label?: string }) {
  const { t } = useTranslation();
  const canExport = useCan("data.export");
  const exportCsv = useMutation(InventoryService.method.exportCsv, {
    onSuccess: (response) => {
      downloadBytes(response.csv, response.fileName || "export.csv", "text/csv;charset=utf-8");
    },
  });
  if (!canExport) return null;
  return (
    <Popover opened={exportCsv.isError} onChange={() => { exportCsv.reset(); }} position="bottom-end" withArrow>
      <Popover.Target>
        <Button variant="default" loading={exportCsv.isPending} onClick={() => { exportCsv.mutate({ kind, ...filters }); }}>
          {label ?? t("inventory.exportCsv")}
        </Button>
      </Popover.Target>
      <Popover.Dropdown maw={280}>
        <Text size="sm" c="red" role="alert">
          {exportCsv.error ? errorMessage(t, exportCsv.error) : null}
        </Text>
      </Popover.Dropdown>
    </Popover>
  );
}
