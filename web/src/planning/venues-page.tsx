import { useMutation, useQuery } from "@connectrpc/connect-query";
import { PlanningService, type Venue } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useCan } from "../auth/current-user.js";
import { AppLink, CenteredLoader } from "../inventory/ui.js";
import { AppModal } from "../ui/app-modal.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { planningPaths } from "./paths.js";
import { RelatedEvents } from "./related-events.js";

const refreshed = [PlanningService.method.listVenues, PlanningService.method.getVenue] as const;

/** A venue's fields as typed; latitude and longitude may stay empty (no map position). */
function VenueForm({ venue, onClose }: { venue: Venue | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const positioned = venue !== undefined && (venue.latitude !== 0 || venue.longitude !== 0);
  const [values, setValues] = useState<{ name: string; address: string; accessNotes: string; contacts: string; latitude: number | string; longitude: number | string }>({
    name: venue?.name ?? "",
    address: venue?.address ?? "",
    accessNotes: venue?.accessNotes ?? "",
    contacts: venue?.contacts ?? "",
    latitude: positioned ? venue.latitude : "",
    longitude: positioned ? venue.longitude : "",
  });
  const [submitted, setSubmitted] = useState(false);
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => { setValues((current) => ({ ...current, [key]: value })); };
  const done = async (saved: Venue | undefined) => {
    await invalidate(...refreshed);
    onClose();
    if (!venue && saved) navigate(planningPaths.venue(saved.id));
  };
  const create = useMutation(PlanningService.method.createVenue, { onSuccess: (response) => done(response.venue) });
  const update = useMutation(PlanningService.method.updateVenue, { onSuccess: (response) => done(response.venue) });
  const nameError = values.name.trim() === "" ? t("planning.validation.name") : undefined;
  function submit(formEvent: SyntheticEvent) {
    formEvent.preventDefault();
    setSubmitted(true);
    if (nameError) return;
    const input = {
      name: values.name.trim(),
      address: values.address.trim(),
      accessNotes: values.accessNotes.trim(),
      contacts: values.contacts.trim(),
      latitude: typeof values.latitude === "number" ? values.latitude : 0,
      longitude: typeof values.longitude === "number" ? values.longitude : 0,
    };
    if (venue) update.mutate({ venueId: venue.id, version: venue.version, venue: input });
    else create.mutate({ venue: input });
  }
  return (
    <form noValidate onSubmit={submit} aria-label={t("planning.venues.form")}>
      <Stack gap="sm">
        <ErrorAlert error={create.error ?? update.error} />
        <TextInput label={t("planning.fields.name")} required value={values.name} error={submitted ? nameError : undefined} onChange={(change) => { set("name", change.currentTarget.value); }} />
        <Textarea label={t("planning.venues.address")} autosize minRows={2} value={values.address} onChange={(change) => { set("address", change.currentTarget.value); }} />
        <SimpleGrid cols={2}>
          <NumberInput label={t("planning.venues.latitude")} dir="ltr" min={-90} max={90} decimalScale={6} value={values.latitude} onChange={(value) => { set("latitude", value); }} />
          <NumberInput label={t("planning.venues.longitude")} dir="ltr" min={-180} max={180} decimalScale={6} value={values.longitude} onChange={(value) => { set("longitude", value); }} />
        </SimpleGrid>
        <Textarea label={t("planning.venues.accessNotes")} description={t("planning.venues.accessHint")} autosize minRows={3} value={values.accessNotes} onChange={(change) => { set("accessNotes", change.currentTarget.value); }} />
        <Textarea label={t("planning.venues.contacts")} autosize minRows={2} value={values.contacts} onChange={(change) => { set("contacts", change.currentTarget.value); }} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {t("planning.places.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function VenueFormModal({ venue, opened, onClose }: { venue?: Venue; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={opened} onClose={onClose} title={venue ? t("planning.venues.edit") : t("planning.venues.new")}>
      {opened ? <VenueForm venue={venue} onClose={onClose} /> : null}
    </AppModal>
  );
}

export function ArchivedBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="gray" variant="light" tt="none" style={{ minWidth: "max-content" }}>
      {t("planning.places.archived")}
    </Badge>
  );
}

export function VenuesPage() {
  const { t } = useTranslation();
  const canManage = useCan("planning.manage");
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 200);
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const venues = useQuery(PlanningService.method.listVenues, { query, includeArchived });
  const rows = venues.data?.venues ?? [];
  const columns: Column<Venue>[] = [
    {
      key: "name",
      header: t("planning.fields.name"),
      mobile: "title",
      render: (venue) => (
        <Group gap={6} wrap="nowrap">
          <AppLink to={planningPaths.venue(venue.id)} fw={600}>
            {venue.name}
          </AppLink>
          {venue.archived ? <ArchivedBadge /> : null}
        </Group>
      ),
    },
    { key: "address", header: t("planning.venues.address"), render: (venue) => <Text size="sm">{venue.address || "—"}</Text> },
    { key: "access", header: t("planning.venues.accessNotes"), render: (venue) => <Text size="sm" lineClamp={2}>{venue.accessNotes || "—"}</Text> },
  ];
  return (
    <>
      <PageHeader
        title={t("planning.venues.title")}
        description={t("planning.venues.description")}
        actions={canManage ? <Button onClick={() => { setCreating(true); }}>{t("planning.venues.new")}</Button> : undefined}
      />
      <Stack gap="md">
        <Group gap="sm" align="end">
          <TextInput flex="1 1 14rem" type="search" label={t("planning.places.search")} value={search} onChange={(change) => { setSearch(change.currentTarget.value); }} />
          <Switch label={t("planning.places.showArchived")} checked={includeArchived} onChange={(change) => { setIncludeArchived(change.currentTarget.checked); }} />
        </Group>
        <ErrorAlert error={venues.error} />
        {venues.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState title={query ? t("planning.places.noMatches") : t("planning.venues.empty")}>{query ? undefined : t("planning.venues.emptyHint")}</EmptyState>
        ) : (
          <DataTable label={t("planning.venues.title")} rows={rows} columns={columns} rowKey={(venue) => venue.id} />
        )}
      </Stack>
      {canManage ? <VenueFormModal opened={creating} onClose={() => { setCreating(false); }} /> : null}
    </>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {value || "—"}
      </Text>
    </Stack>
  );
}

export function VenuePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const canManage = useCan("planning.manage");
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState(false);
  const query = useQuery(PlanningService.method.getVenue, { venueId: id });
  const archive = useMutation(PlanningService.method.archiveVenue, { onSuccess: () => invalidate(...refreshed) });
  const remove = useMutation(PlanningService.method.deleteVenue, {
    onSuccess: async () => {
      await invalidate(PlanningService.method.listVenues);
      navigate(planningPaths.venues);
    },
  });
  const venue = query.data?.venue;
  if (query.isPending) return <CenteredLoader />;
  if (!venue) return <ErrorAlert error={query.error} />;
  const hasPosition = venue.latitude !== 0 || venue.longitude !== 0;
  return (
    <>
      <PageHeader
        title={venue.name}
        description={t("planning.venues.title")}
        actions={
          canManage ? (
            <Group gap="xs">
              <Button variant="default" onClick={() => { setEditing(true); }}>
                {t("planning.places.edit")}
              </Button>
              <Button variant="default" loading={archive.isPending} onClick={() => { archive.mutate({ venueId: venue.id, archived: !venue.archived }); }}>
                {venue.archived ? t("planning.places.restore") : t("planning.places.archive")}
              </Button>
              <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => { remove.mutate({ venueId: venue.id }); }}>
                {t("planning.places.delete")}
              </Button>
            </Group>
          ) : undefined
        }
      />
      <Stack gap="md">
        <ErrorAlert error={archive.error ?? remove.error} />
        {venue.archived ? <ArchivedBadge /> : null}
        <Paper withBorder p="md" radius="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Field label={t("planning.venues.address")} value={venue.address} />
            <Stack gap={2}>
              <Text size="xs" c="dimmed" fw={600}>
                {t("planning.venues.position")}
              </Text>
              {hasPosition ? (
                <Text size="sm" dir="ltr">
                  {`${venue.latitude.toFixed(5)}, ${venue.longitude.toFixed(5)}`}
                </Text>
              ) : (
                <Text size="sm">—</Text>
              )}
            </Stack>
            <Field label={t("planning.venues.accessNotes")} value={venue.accessNotes} />
            <Field label={t("planning.venues.contacts")} value={venue.contacts} />
          </SimpleGrid>
        </Paper>
        <RelatedEvents filter={{ venueId: venue.id }} empty={t("planning.venues.noEvents")} />
      </Stack>
      {canManage ? <VenueFormModal venue={venue} opened={editing} onClose={() => { setEditing(false); }} /> : null}
    </>
  );
}

/** A venue's name linking to its page (the event page shows where it happens). */
export function VenueLink({ id, name }: { id: string; name: string | undefined }) {
  if (!id) return <>—</>;
  return <AppLink to={planningPaths.venue(id)}>{name ?? "…"}</AppLink>;
}
