// Create or edit a company. Creating warns about companies with the same name
// or email (the server sends them back) and creates only when asked again.
import { create } from "@bufbuild/protobuf";
import { useMutation } from "@connectrpc/connect-query";
import { AddressKind, CompanyInputSchema, CRMService, type Company } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Alert, Button, Chip, Group, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { AppLink } from "../inventory/ui.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { companyRoles, roleLabel } from "./labels.js";
import { crmPaths } from "./paths.js";

interface Values {
  name: string;
  roles: string[];
  email: string;
  phone: string;
  website: string;
  vatId: string;
  tags: string[];
  notes: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

function valuesOf(company: Company | undefined): Values {
  const address = company?.addresses[0];
  return {
    name: company?.name ?? "",
    roles: (company?.roles ?? [companyRoles[0]]).map(String),
    email: company?.email ?? "",
    phone: company?.phone ?? "",
    website: company?.website ?? "",
    vatId: company?.vatId ?? "",
    tags: company?.tags ?? [],
    notes: company?.notes ?? "",
    street: address?.street ?? "",
    postalCode: address?.postalCode ?? "",
    city: address?.city ?? "",
    country: address?.country ?? "",
  };
}

function inputOf(v: Values) {
  const hasAddress = [v.street, v.postalCode, v.city, v.country].some((x) => x.trim() !== "");
  return create(CompanyInputSchema, {
    name: v.name.trim(),
    roles: companyRoles.filter((r) => v.roles.includes(String(r))),
    email: v.email.trim(),
    phone: v.phone.trim(),
    website: v.website.trim(),
    vatId: v.vatId.trim(),
    tags: v.tags,
    notes: v.notes,
    addresses: hasAddress ? [{ kind: AddressKind.BILLING, street: v.street.trim(), postalCode: v.postalCode.trim(), city: v.city.trim(), country: v.country.trim().toUpperCase() }] : [],
  });
}

export function CompanyFormModal({ opened, onClose, company }: { opened: boolean; onClose: () => void; company?: Company }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [values, setValues] = useState(() => valuesOf(company));
  const [duplicates, setDuplicates] = useState<Company[]>([]);
  const createCompany = useMutation(CRMService.method.createCompany);
  const updateCompany = useMutation(CRMService.method.updateCompany);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => { setValues((current) => ({ ...current, [key]: value })); };
  const countryInvalid = values.country.trim() !== "" && !/^[A-Za-z]{2}$/.test(values.country.trim());
  const invalid = values.name.trim() === "" || values.roles.length === 0 || countryInvalid;

  const save = async (allowDuplicate: boolean) => {
    if (company) {
      await updateCompany.mutateAsync({ companyId: company.id, version: company.version, company: inputOf(values) });
      await invalidate(CRMService.method.getCompany, CRMService.method.listCompanies);
      onClose();
      return;
    }
    const result = await createCompany.mutateAsync({ company: inputOf(values), allowDuplicate });
    if (!result.company) {
      setDuplicates(result.duplicates);
      return;
    }
    await invalidate(CRMService.method.listCompanies);
    onClose();
    navigate(crmPaths.company(result.company.id));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!invalid) void save(false).catch(() => undefined);
  };

  return (
    <AppModal opened={opened} onClose={onClose} title={company ? t("crm.company.edit") : t("crm.company.new")}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={createCompany.error ?? updateCompany.error} />
          {duplicates.length > 0 ? (
            <Alert color="yellow" variant="light" title={t("crm.duplicates.title")}>
              <Stack gap="xs">
                <Text size="sm">{t("crm.duplicates.company")}</Text>
                {duplicates.map((d) => (
                  <AppLink key={d.id} to={crmPaths.company(d.id)}>
                    {d.name}
                    {d.email ? ` · ${d.email}` : ""}
                  </AppLink>
                ))}
                <Group>
                  <Button size="xs" variant="light" color="yellow" loading={createCompany.isPending} onClick={() => { void save(true).catch(() => undefined); }}>
                    {t("crm.duplicates.createAnyway")}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : null}
          <TextInput label={t("crm.fields.name")} required data-autofocus value={values.name} onChange={(e) => { set("name", e.currentTarget.value); setDuplicates([]); }} />
          <Chip.Group multiple value={values.roles} onChange={(roles) => { set("roles", roles); }}>
            <Group gap="xs" role="group" aria-label={t("crm.fields.roles")}>
              {companyRoles.map((role) => (
                <Chip key={role} value={String(role)}>
                  {roleLabel(t, role)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {values.roles.length === 0 ? <Text size="sm" c="red">{t("crm.validation.roles")}</Text> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("crm.fields.email")} type="email" value={values.email} onChange={(e) => { set("email", e.currentTarget.value); setDuplicates([]); }} />
            <TextInput label={t("crm.fields.phone")} type="tel" value={values.phone} onChange={(e) => { set("phone", e.currentTarget.value); }} />
            <TextInput label={t("crm.fields.website")} value={values.website} onChange={(e) => { set("website", e.currentTarget.value); }} />
            <TextInput label={t("crm.fields.vatId")} value={values.vatId} onChange={(e) => { set("vatId", e.currentTarget.value); }} />
          </SimpleGrid>
          <TagsInput label={t("crm.fields.tags")} value={values.tags} onChange={(tags) => { set("tags", tags); }} clearable />
          <Text size="sm" fw={600}>{t("crm.fields.address")}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("crm.fields.street")} value={values.street} onChange={(e) => { set("street", e.currentTarget.value); }} />
            <TextInput label={t("crm.fields.postalCode")} value={values.postalCode} onChange={(e) => { set("postalCode", e.currentTarget.value); }} />
            <TextInput label={t("crm.fields.city")} value={values.city} onChange={(e) => { set("city", e.currentTarget.value); }} />
            <TextInput label={t("crm.fields.country")} placeholder="DE" maxLength={2} value={values.country} error={countryInvalid ? t("crm.validation.country") : undefined} onChange={(e) => { set("country", e.currentTarget.value); }} />
          </SimpleGrid>
          <Textarea label={t("crm.fields.notes")} autosize minRows={2} value={values.notes} onChange={(e) => { set("notes", e.currentTarget.value); }} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" disabled={invalid} loading={createCompany.isPending || updateCompany.isPending}>{t("common.save")}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
