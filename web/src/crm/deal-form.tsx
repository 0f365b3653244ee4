// Create or edit a deal: title, company (searchable), contact of that company,
// value in major units of its currency, expected close date, notes.
import { create } from "@bufbuild/protobuf";
import { skipToken, useMutation, useQuery } from "@connectrpc/connect-query";
import { CRMService, DealInputSchema, type Deal } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Button, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { amountText, parseAmount } from "./money.js";
import { crmPaths } from "./paths.js";

export function DealFormModal({ opened, onClose, deal, company }: { opened: boolean; onClose: () => void; deal?: Deal; company?: { id: string; name: string } }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const currency0 = deal?.value?.currency ?? "EUR";
  const [values, setValues] = useState({
    title: deal?.title ?? "",
    companyId: deal?.companyId ?? company?.id ?? "",
    contactId: deal?.contactId ?? "",
    amount: deal?.value ? amountText(deal.value.amountMinor, currency0) : "",
    currency: currency0,
    expectedCloseDate: deal?.expectedCloseDate ?? "",
    notes: deal?.notes ?? "",
  });
  const [companySearch, setCompanySearch] = useState(deal?.companyName ?? company?.name ?? "");
  const [query] = useDebouncedValue(companySearch, 250);
  const companies = useQuery(CRMService.method.listCompanies, { query, pageSize: 20 });
  const contacts = useQuery(CRMService.method.listContacts, values.companyId ? { companyId: values.companyId, pageSize: 200 } : skipToken);
  const createDeal = useMutation(CRMService.method.createDeal);
  const updateDeal = useMutation(CRMService.method.updateDeal);
  const set = (key: keyof typeof values, value: string) => { setValues((current) => ({ ...current, [key]: value })); };

  const currency = values.currency.trim().toUpperCase();
  const amount = values.amount.trim() === "" ? 0n : parseAmount(values.amount, currency);
  const currencyInvalid = !/^[A-Z]{3}$/.test(currency);
  const invalid = values.title.trim() === "" || values.companyId === "" || amount === undefined || currencyInvalid;
  const companyOptions = (companies.data?.companies ?? []).map((c) => ({ value: c.id, label: c.name }));
  const selectedName = deal?.companyName ?? company?.name;
  if (values.companyId && !companyOptions.some((o) => o.value === values.companyId)) companyOptions.unshift({ value: values.companyId, label: selectedName ?? companySearch });

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (invalid) return;
    const input = create(DealInputSchema, {
      title: values.title.trim(),
      companyId: values.companyId,
      contactId: values.contactId,
      value: { amountMinor: amount, currency },
      expectedCloseDate: values.expectedCloseDate,
      notes: values.notes,
    });
    if (deal) {
      await updateDeal.mutateAsync({ dealId: deal.id, version: deal.version, deal: input });
      await invalidate(CRMService.method.getDeal, CRMService.method.listDeals, CRMService.method.getCompany);
      onClose();
      return;
    }
    const created = await createDeal.mutateAsync({ deal: input, requestId: crypto.randomUUID() });
    await invalidate(CRMService.method.listDeals, CRMService.method.getCompany);
    onClose();
    if (created.deal) navigate(crmPaths.deal(created.deal.id));
  };

  return (
    <AppModal opened={opened} onClose={onClose} title={deal ? t("crm.deal.edit") : t("crm.deal.new")} size="md">
      <form onSubmit={(e) => { void submit(e).catch(() => undefined); }} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={createDeal.error ?? updateDeal.error} />
          <TextInput label={t("crm.fields.title")} required data-autofocus value={values.title} onChange={(e) => { set("title", e.currentTarget.value); }} />
          <Select
            label={t("crm.fields.company")}
            required
            searchable
            searchValue={companySearch}
            onSearchChange={setCompanySearch}
            filter={({ options }) => options}
            data={companyOptions}
            value={values.companyId || null}
            onChange={(id) => { setValues((current) => ({ ...current, companyId: id ?? "", contactId: "" })); }}
          />
          <Select
            label={t("crm.fields.contact")}
            clearable
            disabled={values.companyId === ""}
            data={(contacts.data?.contacts ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={values.contactId || null}
            onChange={(id) => { set("contactId", id ?? ""); }}
          />
          <SimpleGrid cols={2}>
            <TextInput label={t("crm.fields.value")} inputMode="decimal" value={values.amount} error={amount === undefined ? t("crm.validation.amount") : undefined} onChange={(e) => { set("amount", e.currentTarget.value); }} />
            <TextInput label={t("crm.fields.currency")} maxLength={3} value={values.currency} error={currencyInvalid ? t("crm.validation.currency") : undefined} onChange={(e) => { set("currency", e.currentTarget.value.toUpperCase()); }} />
          </SimpleGrid>
          <TextInput label={t("crm.fields.expectedClose")} type="date" value={values.expectedCloseDate} onChange={(e) => { set("expectedCloseDate", e.currentTarget.value); }} />
          <Textarea label={t("crm.fields.notes")} autosize minRows={2} value={values.notes} onChange={(e) => { set("notes", e.currentTarget.value); }} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" disabled={invalid} loading={createDeal.isPending || updateDeal.isPending}>{t("common.save")}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
