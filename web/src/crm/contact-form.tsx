// Create or edit a contact of a company; creating warns about the same name at
// the company or the same email anywhere, and creates only when asked again.
import { create } from "@bufbuild/protobuf";
import { useMutation } from "@connectrpc/connect-query";
import { ContactInputSchema, CRMService, type Contact } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Alert, Button, Group, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { AppLink } from "../inventory/ui.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { crmPaths } from "./paths.js";

export function ContactFormModal({ opened, onClose, companyId, contact }: { opened: boolean; onClose: () => void; companyId: string; contact?: Contact }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [values, setValues] = useState({ name: contact?.name ?? "", email: contact?.email ?? "", phone: contact?.phone ?? "", role: contact?.role ?? "", notes: contact?.notes ?? "" });
  const [duplicates, setDuplicates] = useState<Contact[]>([]);
  const createContact = useMutation(CRMService.method.createContact);
  const updateContact = useMutation(CRMService.method.updateContact);
  const set = (key: keyof typeof values, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setDuplicates([]);
  };
  const input = () => create(ContactInputSchema, { name: values.name.trim(), email: values.email.trim(), phone: values.phone.trim(), role: values.role.trim(), notes: values.notes });

  const save = async (allowDuplicate: boolean) => {
    if (contact) {
      await updateContact.mutateAsync({ contactId: contact.id, version: contact.version, contact: input() });
    } else {
      const result = await createContact.mutateAsync({ companyId, contact: input(), allowDuplicate });
      if (!result.contact) {
        setDuplicates(result.duplicates);
        return;
      }
    }
    await invalidate(CRMService.method.getCompany, CRMService.method.listContacts);
    onClose();
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (values.name.trim() !== "") void save(false).catch(() => undefined);
  };

  return (
    <AppModal opened={opened} onClose={onClose} title={contact ? t("crm.contact.edit") : t("crm.contact.new")} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={createContact.error ?? updateContact.error} />
          {duplicates.length > 0 ? (
            <Alert color="yellow" variant="light" title={t("crm.duplicates.title")}>
              <Stack gap="xs">
                <Text size="sm">{t("crm.duplicates.contact")}</Text>
                {duplicates.map((d) => (
                  <AppLink key={d.id} to={crmPaths.company(d.companyId)}>
                    {d.name} · {d.companyName}
                    {d.email ? ` · ${d.email}` : ""}
                  </AppLink>
                ))}
                <Group>
                  <Button size="xs" variant="light" color="yellow" onClick={() => { void save(true).catch(() => undefined); }}>
                    {t("crm.duplicates.createAnyway")}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : null}
          <TextInput label={t("crm.fields.name")} required data-autofocus value={values.name} onChange={(e) => { set("name", e.currentTarget.value); }} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("crm.fields.email")} type="email" value={values.email} onChange={(e) => { set("email", e.currentTarget.value); }} />
            <TextInput label={t("crm.fields.phone")} type="tel" value={values.phone} onChange={(e) => { set("phone", e.currentTarget.value); }} />
          </SimpleGrid>
          <TextInput label={t("crm.fields.jobRole")} value={values.role} onChange={(e) => { set("role", e.currentTarget.value); }} />
          <Textarea label={t("crm.fields.notes")} autosize minRows={2} value={values.notes} onChange={(e) => { set("notes", e.currentTarget.value); }} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" disabled={values.name.trim() === ""} loading={createContact.isPending || updateContact.isPending}>{t("common.save")}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
