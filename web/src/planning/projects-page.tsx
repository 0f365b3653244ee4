import { useMutation, useQuery } from "@connectrpc/connect-query";
import { PlanningService, type Project } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Button, Group, Paper, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
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
import { ArchivedBadge } from "./venues-page.js";

const refreshed = [PlanningService.method.listProjects, PlanningService.method.getProject] as const;

function ProjectForm({ project, onClose }: { project: Project | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [name, setName] = useState(project?.name ?? "");
  const [description, setDescription] = useState(project?.description ?? "");
  const [submitted, setSubmitted] = useState(false);
  const done = async (saved: Project | undefined) => {
    await invalidate(...refreshed);
    onClose();
    if (!project && saved) navigate(planningPaths.project(saved.id));
  };
  const create = useMutation(PlanningService.method.createProject, { onSuccess: (response) => done(response.project) });
  const update = useMutation(PlanningService.method.updateProject, { onSuccess: (response) => done(response.project) });
  const nameError = name.trim() === "" ? t("planning.validation.name") : undefined;
  function submit(formEvent: SyntheticEvent) {
    formEvent.preventDefault();
    setSubmitted(true);
    if (nameError) return;
    if (project) update.mutate({ projectId: project.id, version: project.version, name: name.trim(), description: description.trim() });
    else create.mutate({ name: name.trim(), description: description.trim() });
  }
  return (
    <form noValidate onSubmit={submit} aria-label={t("planning.projects.form")}>
      <Stack gap="sm">
        <ErrorAlert error={create.error ?? update.error} />
        <TextInput label={t("planning.fields.name")} required value={name} error={submitted ? nameError : undefined} onChange={(change) => { setName(change.currentTarget.value); }} />
        <Textarea label={t("planning.projects.descriptionField")} autosize minRows={3} value={description} onChange={(change) => { setDescription(change.currentTarget.value); }} />
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

export function ProjectFormModal({ project, opened, onClose }: { project?: Project; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={opened} onClose={onClose} title={project ? t("planning.projects.edit") : t("planning.projects.new")}>
      {opened ? <ProjectForm project={project} onClose={onClose} /> : null}
    </AppModal>
  );
}

export function ProjectsPage() {
  const { t } = useTranslation();
  const canManage = useCan("planning.manage");
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 200);
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const projects = useQuery(PlanningService.method.listProjects, { query, includeArchived });
  const rows = projects.data?.projects ?? [];
  const columns: Column<Project>[] = [
    {
      key: "name",
      header: t("planning.fields.name"),
      mobile: "title",
      render: (project) => (
        <Group gap={6} wrap="nowrap">
          <AppLink to={planningPaths.project(project.id)} fw={600}>
            {project.name}
          </AppLink>
          {project.archived ? <ArchivedBadge /> : null}
        </Group>
      ),
    },
    { key: "description", header: t("planning.projects.descriptionField"), render: (project) => <Text size="sm" lineClamp={2}>{project.description || "—"}</Text> },
  ];
  return (
    <>
      <PageHeader
        title={t("planning.projects.title")}
        description={t("planning.projects.description")}
        actions={canManage ? <Button onClick={() => { setCreating(true); }}>{t("planning.projects.new")}</Button> : undefined}
      />
      <Stack gap="md">
        <Group gap="sm" align="end">
          <TextInput flex="1 1 14rem" type="search" label={t("planning.places.search")} value={search} onChange={(change) => { setSearch(change.currentTarget.value); }} />
          <Switch label={t("planning.places.showArchived")} checked={includeArchived} onChange={(change) => { setIncludeArchived(change.currentTarget.checked); }} />
        </Group>
        <ErrorAlert error={projects.error} />
        {projects.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState title={query ? t("planning.places.noMatches") : t("planning.projects.empty")}>{query ? undefined : t("planning.projects.emptyHint")}</EmptyState>
        ) : (
          <DataTable label={t("planning.projects.title")} rows={rows} columns={columns} rowKey={(project) => project.id} />
        )}
      </Stack>
      {canManage ? <ProjectFormModal opened={creating} onClose={() => { setCreating(false); }} /> : null}
    </>
  );
}

export function ProjectPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const canManage = useCan("planning.manage");
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState(false);
  const query = useQuery(PlanningService.method.getProject, { projectId: id });
  const archive = useMutation(PlanningService.method.archiveProject, { onSuccess: () => invalidate(...refreshed) });
  const remove = useMutation(PlanningService.method.deleteProject, {
    onSuccess: async () => {
      await invalidate(PlanningService.method.listProjects);
      navigate(planningPaths.projects);
    },
  });
  const project = query.data?.project;
  if (query.isPending) return <CenteredLoader />;
  if (!project) return <ErrorAlert error={query.error} />;
  return (
    <>
      <PageHeader
        title={project.name}
        description={t("planning.projects.title")}
        actions={
          canManage ? (
            <Group gap="xs">
              <Button variant="default" onClick={() => { setEditing(true); }}>
                {t("planning.places.edit")}
              </Button>
              <Button variant="default" loading={archive.isPending} onClick={() => { archive.mutate({ projectId: project.id, archived: !project.archived }); }}>
                {project.archived ? t("planning.places.restore") : t("planning.places.archive")}
              </Button>
              <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => { remove.mutate({ projectId: project.id }); }}>
                {t("planning.places.delete")}
              </Button>
            </Group>
          ) : undefined
        }
      />
      <Stack gap="md">
        <ErrorAlert error={archive.error ?? remove.error} />
        {project.archived ? <ArchivedBadge /> : null}
        {project.description ? (
          <Paper withBorder p="md" radius="md">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {project.description}
            </Text>
          </Paper>
        ) : null}
        <RelatedEvents filter={{ projectId: project.id }} empty={t("planning.projects.noEvents")} />
      </Stack>
      {canManage ? <ProjectFormModal project={project} opened={editing} onClose={() => { setEditing(false); }} /> : null}
    </>
  );
}

/** A project's name linking to its page. */
export function ProjectLink({ id, name }: { id: string; name: string | undefined }) {
  if (!id) return <>—</>;
  return <AppLink to={planningPaths.project(id)}>{name ?? "…"}</AppLink>;
}
