// The timeline of a company, contact or deal: add a note, call, email, meeting
// or task (with a due date), and tick tasks off.
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { useMutation, useQuery } from "@connectrpc/connect-query";
import { ActivityKind, CRMService, type Activity } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Badge, Button, Checkbox, Group, Paper, SegmentedControl, Stack, Text, TextInput, Textarea, Timeline, Title } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatDateTime } from "../format.js";
import { zonedToInstant } from "../planning/dates.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { activityColor, activityKinds, activityLabel } from "./labels.js";

export type TimelineOwner = { companyId: string } | { contactId: string } | { dealId: string };

export function TaskCheckbox({ task }: { task: Activity }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const complete = useMutation(CRMService.method.completeTask);
  const canManage = useCan("crm.manage");
  return (
    <Checkbox
      size="xs"
      label={t("crm.activity.done")}
      checked={task.doneAt !== undefined}
      disabled={complete.isPending || !canManage}
      onChange={(e) => {
        void complete.mutateAsync({ activityId: task.id, done: e.currentTarget.checked }).then(() => invalidate(CRMService.method.listActivities, CRMService.method.listTasks));
      }}
    />
  );
}

function AddActivity({ owner }: { owner: TimelineOwner }) {
  const { t } = useTranslation();
  const { timeZone } = useUserFormat();
  const invalidate = useInvalidate();
  const add = useMutation(CRMService.method.addActivity);
  const [kind, setKind] = useState(String(ActivityKind.NOTE));
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [due, setDue] = useState("");
  const isTask = kind === String(ActivityKind.TASK);
  const dueAt = isTask && due ? zonedToInstant(due, timeZone) : undefined;
  const invalid = subject.trim() === "" || (isTask && !dueAt);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (invalid) return;
    await add.mutateAsync({ ...owner, kind: activityKinds.find((k) => String(k) === kind) ?? ActivityKind.NOTE, subject: subject.trim(), body, dueAt: dueAt ? timestampFromDate(dueAt) : undefined, requestId: crypto.randomUUID() });
    setSubject("");
    setBody("");
    setDue("");
    await invalidate(CRMService.method.listActivities, CRMService.method.listTasks);
  };
  return (
    <form onSubmit={(e) => { void submit(e).catch(() => undefined); }} noValidate>
      <Stack gap="xs">
        <ErrorAlert error={add.error} />
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={setKind}
          aria-label={t("crm.activity.kindLabel")}
          data={activityKinds.map((k) => ({ value: String(k), label: activityLabel(t, k) }))}
          style={{ alignSelf: "start", maxWidth: "100%", overflowX: "auto" }}
        />
        <TextInput label={t("crm.activity.subject")} value={subject} onChange={(e) => { setSubject(e.currentTarget.value); }} />
        <Textarea label={t("crm.activity.body")} autosize minRows={1} value={body} onChange={(e) => { setBody(e.currentTarget.value); }} />
        {isTask ? <TextInput label={t("crm.activity.due")} type="datetime-local" required value={due} onChange={(e) => { setDue(e.currentTarget.value); }} /> : null}
        <Group justify="flex-end">
          <Button type="submit" size="xs" disabled={invalid} loading={add.isPending}>{t("crm.activity.add")}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ActivityTimeline({ owner }: { owner: TimelineOwner }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const canManage = useCan("crm.manage");
  const activities = useQuery(CRMService.method.listActivities, { ...owner, pageSize: 100 });
  const list = activities.data?.activities ?? [];
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={4}>{t("crm.activity.title")}</Title>
        {canManage ? <AddActivity owner={owner} /> : null}
        <ErrorAlert error={activities.error} />
        {list.length === 0 && !activities.isPending ? <Text size="sm" c="dimmed">{t("crm.activity.empty")}</Text> : null}
        <Timeline bulletSize={14} lineWidth={2} aria-label={t("crm.activity.title")}>
          {list.map((a) => (
            <Timeline.Item key={a.id} color={activityColor(a.kind)}>
              <Group gap="xs" wrap="wrap">
                <Badge size="sm" variant="light" color={activityColor(a.kind)} tt="none">{activityLabel(t, a.kind)}</Badge>
                <Text size="sm" fw={600}>{a.subject}</Text>
                {a.contactName && !("contactId" in owner) ? <Text size="xs" c="dimmed">{a.contactName}</Text> : null}
                {a.dealTitle && !("dealId" in owner) ? <Text size="xs" c="dimmed">{a.dealTitle}</Text> : null}
              </Group>
              {a.body ? <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{a.body}</Text> : null}
              <Group gap="sm">
                <Text size="xs" c="dimmed">{a.occurredAt ? formatDateTime(timestampDate(a.occurredAt), locale, timeZone) : ""}</Text>
                {a.kind === ActivityKind.TASK && a.dueAt ? (
                  <Text size="xs" c={a.doneAt === undefined && timestampDate(a.dueAt) < new Date() ? "red" : "dimmed"}>
                    {t("crm.activity.dueAt", { when: formatDateTime(timestampDate(a.dueAt), locale, timeZone) })}
                  </Text>
                ) : null}
                {a.kind === ActivityKind.TASK ? <TaskCheckbox task={a} /> : null}
              </Group>
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Paper>
  );
}
