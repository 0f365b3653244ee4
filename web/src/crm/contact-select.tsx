// The event form's contact: one of the client's CRM contacts (one table: the
// event references the contact instead of copying its name).
import { skipToken, useQuery } from "@connectrpc/connect-query";
import { CRMService } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function ClientContactSelect({ companyId, value, onChange, label }: { companyId: string; value: string; onChange: (id: string) => void; label: string }) {
  const { t } = useTranslation();
  const contacts = useQuery(CRMService.method.listContacts, companyId ? { companyId, pageSize: 200 } : skipToken);
  return (
    <Select
      label={label}
      clearable
      clearButtonProps={{ "aria-label": t("common.clear") }}
      data={(contacts.data?.contacts ?? []).map((c) => ({ value: c.id, label: c.role ? `${c.name} · ${c.role}` : c.name }))}
      value={value || null}
      onChange={(id) => { onChange(id ?? ""); }}
    />
  );
}
