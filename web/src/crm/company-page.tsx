// One company: details, contacts, deals and the activity timeline.
import { useQuery } from "@connectrpc/connect-query";
import { CRMService, type Contact } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Badge, Button, Grid, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatMoney } from "../format.js";
import { AppLink, CenteredLoader, DetailGrid } from "../inventory/ui.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { ActivityTimeline } from "./activity-timeline.js";
import { RoleBadges } from "./companies-page.js";
import { CompanyFormModal } from "./company-form.js";
import { ContactFormModal } from "./contact-form.js";
import { DealFormModal } from "./deal-form.js";
import { stageColor } from "./labels.js";
import { crmPaths } from "./paths.js";

export function CompanyPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const canManage = useCan("crm.manage");
  const detail = useQuery(CRMService.method.getCompany, { companyId: id });
  const [editing, setEditing] = useState(false);
  const [contactForm, setContactForm] = useState<{ contact?: Contact } | undefined>();
  const [newDeal, setNewDeal] = useState(false);
  if (detail.isPending) return <CenteredLoader />;
  const company = detail.data?.company;
  if (!company) return <ErrorAlert error={detail.error} />;
  const address = company.addresses[0];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Title order={2}>{company.name}</Title>
          <RoleBadges roles={company.roles} />
        </Stack>
        {canManage ? <Button variant="default" onClick={() => { setEditing(true); }}>{t("common.edit")}</Button> : null}
      </Group>
      <Paper withBorder p="md" radius="md">
        <DetailGrid
          details={[
            { label: t("crm.fields.email"), value: company.email },
            { label: t("crm.fields.phone"), value: company.phone },
            { label: t("crm.fields.website"), value: company.website },
            { label: t("crm.fields.vatId"), value: company.vatId },
            { label: t("crm.fields.tags"), value: company.tags.length ? <Group gap={4}>{company.tags.map((tag) => <Badge key={tag} size="sm" variant="outline" tt="none">{tag}</Badge>)}</Group> : "" },
            { label: t("crm.fields.address"), value: address ? [address.street, [address.postalCode, address.city].filter(Boolean).join(" "), address.country].filter(Boolean).join(", ") : "" },
          ]}
        />
        {company.notes ? <Text size="sm" mt="sm" style={{ whiteSpace: "pre-wrap" }}>{company.notes}</Text> : null}
      </Paper>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <Stack gap="xs">
                <Group justify="space-between">
                  <Title order={4}>{t("crm.fields.contacts")}</Title>
                  {canManage ? <Button size="xs" variant="light" onClick={() => { setContactForm({}); }}>{t("crm.contact.new")}</Button> : null}
                </Group>
                {(detail.data?.contacts ?? []).length === 0 ? <Text size="sm" c="dimmed">{t("crm.contact.empty")}</Text> : null}
                {(detail.data?.contacts ?? []).map((c) => (
                  <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs">
                    <Stack gap={0} miw={0}>
                      <Text size="sm" fw={500}>{c.name}</Text>
                      <Text size="xs" c="dimmed" truncate>{[c.role, c.email, c.phone].filter(Boolean).join(" · ")}</Text>
                    </Stack>
                    {canManage ? <Button size="xs" variant="subtle" onClick={() => { setContactForm({ contact: c }); }}>{t("common.edit")}</Button> : null}
                  </Group>
                ))}
              </Stack>
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Stack gap="xs">
                <Group justify="space-between">
                  <Title order={4}>{t("crm.deals.title")}</Title>
                  {canManage ? <Button size="xs" variant="light" onClick={() => { setNewDeal(true); }}>{t("crm.deal.new")}</Button> : null}
                </Group>
                {(detail.data?.deals ?? []).length === 0 ? <Text size="sm" c="dimmed">{t("crm.deals.empty")}</Text> : null}
                {(detail.data?.deals ?? []).map((d) => (
                  <Group key={d.id} justify="space-between" wrap="nowrap" gap="xs">
                    <AppLink to={crmPaths.deal(d.id)}>{d.title}</AppLink>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{d.value ? formatMoney(d.value.amountMinor, d.value.currency, locale) : ""}</Text>
                      <Badge size="sm" variant="light" color={stageColor(d.stageKind)} tt="none">{d.number}</Badge>
                    </Group>
                  </Group>
                ))}
              </Stack>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ActivityTimeline owner={{ companyId: company.id }} />
        </Grid.Col>
      </Grid>
      {editing ? <CompanyFormModal opened company={company} onClose={() => { setEditing(false); }} /> : null}
      {contactForm ? <ContactFormModal opened companyId={company.id} contact={contactForm.contact} onClose={() => { setContactForm(undefined); }} /> : null}
      {newDeal ? <DealFormModal opened company={{ id: company.id, name: company.name }} onClose={() => { setNewDeal(false); }} /> : null}
    </Stack>
  );
}
