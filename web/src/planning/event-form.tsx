import { skipToken, useMutation, useQuery } from "@connectrpc/connect-query";
import { EventStatus, PlanningService, type Event, type Shortage } from "@eventkit/api/eventkit/v1/planning_pb.js";
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { ClientContactSelect } from "../crm/contact-select.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { TimeZoneField } from "../ui/fields.js";
import { browserTimeZone } from "../ui/time-zones.js";
import { daysBetween, formatPeriod, localDate } from "./dates.js";
import {
  byStart,
  emptyEventValues,
  hasErrors,
  outPeriodOf,
  suggestedPhase,
  toEventInput,
  validateEvent,
  valuesFromEvent,
  type EventFormValues,
  type PhaseRow,
} from "./event-input.js";
import { enumValue, phaseKinds, phaseLabel } from "./labels.js";
import { useProjects, useVenues } from "./lookups.js";
import { planningPaths } from "./paths.js";
import { ClientSelect, ProjectSelect, VenueSelect } from "./pickers.js";

function SectionTitle({ title }: { title: string }) {
  return <Divider label={title} labelPosition="left" mt="xs" styles={{ label: { fontWeight: 600, fontSize: "var(--mantine-font-size-sm)" } }} />;
}

function PhaseEditor({
  row,
  index,
  error,
  onChange,
  onRemove,
}: {
  row: PhaseRow;
  index: number;
  error: string | undefined;
  onChange: (patch: Partial<PhaseRow>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const name = t("planning.form.phaseNumber", { number: index + 1, kind: phaseLabel(t, row.kind) });
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-label={name}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Select
            aria-label={t("planning.form.phaseKind")}
            data={phaseKinds.map((kind) => ({ value: String(kind), label: phaseLabel(t, kind) }))}
            value={String(row.kind)}
            allowDeselect={false}
            onChange={(value) => { onChange({ kind: enumValue(phaseKinds, value, row.kind) }); }}
            w={170}
          />
          <TextInput
            flex={1}
            aria-label={t("planning.form.phaseLabel")}
            placeholder={t("planning.form.phaseLabelPlaceholder")}
            value={row.label}
            onChange={(event) => { onChange({ label: event.currentTarget.value }); }}
            visibleFrom="xs"
          />
          <ActionIcon variant="subtle" color="red" aria-label={t("planning.form.removePhase", { name })} onClick={onRemove}>
            ✕
          </ActionIcon>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <TextInput
            type="datetime-local"
            label={t("planning.form.starts")}
            value={row.start}
            onChange={(event) => { onChange({ start: event.currentTarget.value }); }}
          />
          <TextInput
            type="datetime-local"
            label={t("planning.form.ends")}
            value={row.end}
            error={error ? true : undefined}
            onChange={(event) => { onChange({ end: event.currentTarget.value }); }}
          />
        </SimpleGrid>
        {error ? (
          <Text size="sm" c="red" role="alert">
            {t(error)}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function OutPeriodSummary({ values }: { values: EventFormValues }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const input = toEventInput(values);
  const period = input.phases.length === values.phases.length ? outPeriodOf(input) : undefined;
  if (!period || period.end <= period.start) return null;
  const zone = values.timeZone || undefined;
  const days = daysBetween(localDate(period.start, zone), localDate(new Date(period.end.getTime() - 1), zone)) + 1;
  return (
    <Text size="sm" c="dimmed" aria-live="polite">
      {t("planning.form.outPeriod", { period: formatPeriod(period.start, period.end, locale, zone), count: days })}
    </Text>
  );
}

/** Create or edit an event: details, time zone and phases, checked before saving. */
function EventForm({
  event,
  onClose,
  onSaved,
}: {
  event: Event | undefined;
  onClose: () => void;
  onSaved?: (event: Event, shortages: readonly Shortage[]) => void;
}) {
  const { t } = useTranslation();
  const { timeZone } = useUserFormat();
  const invalidate = useInvalidate();
  const [values, setValues] = useState<EventFormValues>(() => (event ? valuesFromEvent(event) : emptyEventValues(timeZone || browserTimeZone())));
  const [names, setNames] = useState({ client: event?.clientName ?? "", venue: "", project: "" });
  const [templateId, setTemplateId] = useState("");
  const venues = useVenues();
  const projects = useProjects();
  const canReadCrm = useCan("crm.read");
  const [submitted, setSubmitted] = useState(false);
  const errors = validateEvent(values);
  const set = <K extends keyof EventFormValues>(key: K, value: EventFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
  };
  const setPhase = (key: string, patch: Partial<PhaseRow>) => {
    setValues((current) => ({ ...current, phases: current.phases.map((row) => (row.key === key ? { ...row, ...patch } : row)) }));
  };
  const templates = useQuery(PlanningService.method.listEvents, event ? skipToken : { templates: true, pageSize: 100 });

  const refresh = () =>
    invalidate(PlanningService.method.listEvents, PlanningService.method.getEvent, PlanningService.method.getPullList, PlanningService.method.listShortages, PlanningService.method.listEventHistory);
  const createEvent = useMutation(PlanningService.method.createEvent, {
    onSuccess: async (response) => {
      await refresh();
      onClose();
      if (response.event) navigate(planningPaths.event(response.event.id));
    },
  });
  const updateEvent = useMutation(PlanningService.method.updateEvent, {
    onSuccess: async (response) => {
      await refresh();
      if (response.event) onSaved?.(response.event, response.shortages);
      onClose();
    },
  });
  const mutation = event ? updateEvent : createEvent;

  function submit(formEvent: SyntheticEvent) {
    formEvent.preventDefault();
    setSubmitted(true);
    if (hasErrors(errors)) return;
    const input = toEventInput(values);
    if (event) updateEvent.mutate({ eventId: event.id, version: event.version, event: input });
    else createEvent.mutate({ event: input, templateId });
  }

  const shown = (key: string | undefined) => (submitted && key ? t(key) : undefined);
  // Only an enquiry can become a template (TEMPLATE_NOT_BOOKABLE otherwise).
  const canBeTemplate = !event || event.status === EventStatus.ENQUIRY;

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={mutation.error} />
        {submitted && hasErrors(errors) ? (
          <Alert color="red" variant="light">
            {t("planning.validation.fixErrors")}
          </Alert>
        ) : null}
        <SectionTitle title={t("planning.form.details")} />
        <TextInput
          label={t("planning.fields.name")}
          required
          data-autofocus
          value={values.name}
          error={shown(errors.name)}
          onChange={(change) => { set("name", change.currentTarget.value); }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <ClientSelect
            value={values.clientId}
            valueLabel={names.client}
            canCreate
            onChange={(id, name) => {
              set("clientId", id);
              set("contactId", "");
              setNames((current) => ({ ...current, client: name }));
            }}
          />
          {values.clientId && canReadCrm ? (
            <ClientContactSelect companyId={values.clientId} label={t("planning.fields.contact")} value={values.contactId} onChange={(id) => { set("contactId", id); }} />
          ) : (
            <TextInput label={t("planning.fields.contact")} value={values.contactName} onChange={(change) => { set("contactName", change.currentTarget.value); }} />
          )}
          <VenueSelect
            value={values.venueId}
            valueLabel={names.venue || venues.nameOf(values.venueId)}
            canCreate
            onChange={(id, name) => {
              set("venueId", id);
              setNames((current) => ({ ...current, venue: name }));
            }}
          />
          <ProjectSelect
            value={values.projectId}
            valueLabel={names.project || projects.nameOf(values.projectId)}
            canCreate
            onChange={(id, name) => {
              set("projectId", id);
              setNames((current) => ({ ...current, project: name }));
            }}
          />
        </SimpleGrid>
        <TimeZoneField value={values.timeZone} onChange={(zone) => { set("timeZone", zone); }} />
        {submitted && errors.timeZone ? (
          <Text size="sm" c="red">
            {t(errors.timeZone)}
          </Text>
        ) : null}
        {!event && (templates.data?.events.length ?? 0) > 0 ? (
          <Select
            label={t("planning.form.template")}
            description={t("planning.form.templateHint")}
            clearable
            clearButtonProps={{ "aria-label": t("common.clear") }}
            data={(templates.data?.events ?? []).map((template) => ({ value: template.id, label: `${template.number} · ${template.name}` }))}
            value={templateId || null}
            onChange={(id) => { setTemplateId(id ?? ""); }}
          />
        ) : null}

        <SectionTitle title={t("planning.form.phases")} />
        <Text size="sm" c="dimmed">
          {t("planning.form.phasesHint", { zone: values.timeZone || "—" })}
        </Text>
        {values.phases.map((row, index) => (
          <PhaseEditor
            key={row.key}
            row={row}
            index={index}
            error={submitted ? errors.rows[row.key] : undefined}
            onChange={(patch) => { setPhase(row.key, patch); }}
            onRemove={() => { set("phases", values.phases.filter((other) => other.key !== row.key)); }}
          />
        ))}
        {submitted && errors.phases ? (
          <Alert color="red" variant="light" role="alert">
            {t(errors.phases)}
          </Alert>
        ) : null}
        <Group gap="xs">
          {phaseKinds.map((kind) => (
            <Button
              key={kind}
              size="xs"
              variant="light"
              onClick={() => { set("phases", byStart([...values.phases, suggestedPhase(values, kind)])); }}
            >
              {t("planning.form.addPhase", { kind: phaseLabel(t, kind) })}
            </Button>
          ))}
        </Group>
        <OutPeriodSummary values={values} />

        <SectionTitle title={t("planning.form.more")} />
        <Textarea
          label={t("planning.fields.notes")}
          autosize
          minRows={2}
          maxRows={8}
          value={values.notes}
          onChange={(change) => { set("notes", change.currentTarget.value); }}
        />
        {canBeTemplate ? (
          <Checkbox
            label={t("planning.form.isTemplate")}
            description={t("planning.form.isTemplateHint")}
            checked={values.isTemplate}
            onChange={(change) => { set("isTemplate", change.currentTarget.checked); }}
          />
        ) : null}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {event ? t("common.save") : t("planning.form.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EventFormModal({
  opened,
  onClose,
  event,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  event?: Event;
  onSaved?: (event: Event, shortages: readonly Shortage[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <AppModal opened={opened} onClose={onClose} title={event ? t("planning.form.editTitle", { number: event.number }) : t("planning.form.newTitle")} size="xl">
      {opened ? <EventForm event={event} onClose={onClose} onSaved={onSaved} /> : null}
    </AppModal>
  );
}
