import { useMutation } from "@connectrpc/connect-query";
import { InventoryService, LocationKind, type Location } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Button, Group, Menu, Select, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan } from "../auth/current-user.js";
import { AppModal } from "../ui/app-modal.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { enumOf, locationKindLabel, locationKinds } from "./labels.js";
import { useLocations } from "./lookups.js";
import { codePattern } from "./product-input.js";
import { TreeRows } from "./tree-rows.js";
import { CenteredLoader, CodeText } from "./ui.js";

type Editing = { mode: "create"; parent?: Location } | { mode: "rename"; location: Location };

const kindColors: Record<LocationKind, string> = {
  [LocationKind.UNSPECIFIED]: "gray",
  [LocationKind.WAREHOUSE]: "indigo",
  [LocationKind.ZONE]: "cyan",
  [LocationKind.SHELF]: "teal",
  [LocationKind.BIN]: "lime",
};

function childKinds(parent: Location | undefined): LocationKind[] {
  if (!parent) return [LocationKind.WAREHOUSE];
  return locationKinds.filter((kind) => kind > parent.kind);
}

function LocationForm({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const existing = editing.mode === "rename" ? editing.location : undefined;
  const parent = editing.mode === "create" ? editing.parent : undefined;
  const kinds = childKinds(parent);
  const [name, setName] = useState(existing?.name ?? "");
  const [code, setCode] = useState("");
  const [kind, setKind] = useState<LocationKind>(existing?.kind ?? kinds[0] ?? LocationKind.WAREHOUSE);
  const [address, setAddress] = useState(existing?.address ?? "");
  const [submitted, setSubmitted] = useState(false);
  const done = async () => {
    await invalidate(InventoryService.method.listLocations);
    onClose();
  };
  const createLocation = useMutation(InventoryService.method.createLocation, { onSuccess: done });
  const updateLocation = useMutation(InventoryService.method.updateLocation, { onSuccess: done });
  const mutation = existing ? updateLocation : createLocation;
  const errors: Record<string, string> = {};
  if (name.trim() === "") errors.name = "inventory.validation.required";
  if (!existing && code.trim() === "") errors.code = "inventory.validation.required";
  else if (!existing && !codePattern.test(code.trim())) errors.code = "inventory.validation.codePattern";
  const shown = (key: string) => (submitted && errors[key] ? t(errors[key]) : undefined);
  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    if (existing) {
      updateLocation.mutate({ locationId: existing.id, version: existing.version, name: name.trim(), address: address.trim(), archived: existing.archived });
    } else {
      createLocation.mutate({ name: name.trim(), code: code.trim(), kind, parentId: parent?.id ?? "", address: address.trim() });
    }
  }
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={mutation.error} />
        {parent ? <TextInput label={t("inventory.locations.parent")} value={parent.name} readOnly variant="filled" /> : null}
        <TextInput label={t("inventory.fields.name")} required value={name} error={shown("name")} onChange={(event) => { setName(event.currentTarget.value); }} />
        {existing ? null : (
          <>
            <TextInput
              label={t("inventory.fields.code")}
              description={t("inventory.locations.codeHint")}
              required
              dir="ltr"
              value={code}
              error={shown("code")}
              onChange={(event) => { setCode(event.currentTarget.value); }}
            />
            {kinds.length > 1 ? (
              <Select
                label={t("inventory.locations.kind")}
                allowDeselect={false}
                value={String(kind)}
                onChange={(value) => { setKind(enumOf(kinds, value, kind)); }}
                data={kinds.map((value) => ({ value: String(value), label: locationKindLabel(t, value) }))}
              />
            ) : null}
          </>
        )}
        {kind === LocationKind.WAREHOUSE ? (
          <Textarea label={t("inventory.locations.address")} autosize minRows={2} value={address} onChange={(event) => { setAddress(event.currentTarget.value); }} />
        ) : null}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {existing ? t("common.save") : t("inventory.locations.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function LocationsPage() {
  const { t } = useTranslation();
  const canManage = useCan("inventory.manage");
  const locations = useLocations();
  const invalidate = useInvalidate();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Editing>();
  const archive = useMutation(InventoryService.method.updateLocation, { onSuccess: () => invalidate(InventoryService.method.listLocations) });
  const archivedIds = new Set(locations.locations.filter((location) => location.archived).map((location) => location.id));
  // Hiding an archived location hides what is below it as well.
  const hidden = (location: Location): boolean => {
    let current: Location | undefined = location;
    while (current) {
      if (archivedIds.has(current.id)) return true;
      current = current.parentId ? locations.byId.get(current.parentId) : undefined;
    }
    return false;
  };
  const nodes = showArchived ? locations.locations : locations.locations.filter((location) => !hidden(location));

  return (
    <>
      <PageHeader
        title={t("inventory.locations.title")}
        description={t("inventory.locations.description")}
        actions={canManage ? <Button onClick={() => { setEditing({ mode: "create" }); }}>{t("inventory.locations.addWarehouse")}</Button> : undefined}
      />
      <Stack gap="md">
        <Switch label={t("inventory.locations.showArchived")} checked={showArchived} onChange={(event) => { setShowArchived(event.currentTarget.checked); }} />
        <ErrorAlert error={locations.error ?? archive.error} />
        {locations.isPending ? (
          <CenteredLoader />
        ) : nodes.length === 0 ? (
          <EmptyState title={t("inventory.locations.empty")}>{t("inventory.locations.emptyHint")}</EmptyState>
        ) : (
          <TreeRows
            nodes={nodes}
            label={t("inventory.locations.title")}
            render={(location) => (
              <Stack gap={2}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={location.kind === LocationKind.WAREHOUSE ? 700 : 500} c={location.archived ? "dimmed" : undefined}>
                    {location.name}
                  </Text>
                  <Badge size="xs" variant="light" color={kindColors[location.kind]} tt="none">
                    {locationKindLabel(t, location.kind)}
                  </Badge>
                  {location.archived ? (
                    <Badge size="xs" variant="outline" color="gray" tt="none">
                      {t("inventory.archived")}
                    </Badge>
                  ) : null}
                </Group>
                <Text size="xs" c="dimmed">
                  <CodeText size="xs">{location.code}</CodeText>
                  {location.address ? ` · ${location.address}` : ""}
                </Text>
              </Stack>
            )}
            actions={(location) =>
              canManage ? (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <Button size="xs" variant="subtle" aria-label={t("inventory.locations.actionsFor", { name: location.name })}>
                      {t("common.actions")}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {location.kind !== LocationKind.BIN && !location.archived ? (
                      <Menu.Item onClick={() => { setEditing({ mode: "create", parent: location }); }}>{t("inventory.locations.addInside")}</Menu.Item>
                    ) : null}
                    <Menu.Item onClick={() => { setEditing({ mode: "rename", location }); }}>{t("inventory.locations.rename")}</Menu.Item>
                    <Menu.Item
                      color={location.archived ? undefined : "red"}
                      onClick={() => {
                        archive.mutate({ locationId: location.id, version: location.version, name: location.name, address: location.address, archived: !location.archived });
                      }}
                    >
                      {location.archived ? t("inventory.locations.restore") : t("inventory.locations.archive")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              ) : null
            }
          />
        )}
      </Stack>
      <AppModal
        opened={editing !== undefined}
        onClose={() => { setEditing(undefined); }}
        title={
          editing?.mode === "rename"
            ? t("inventory.locations.renameTitle")
            : editing?.parent
              ? t("inventory.locations.addInsideTitle", { name: editing.parent.name })
              : t("inventory.locations.addWarehouse")
        }
        size="md"
      >
        {editing ? <LocationForm editing={editing} onClose={() => { setEditing(undefined); }} /> : null}
      </AppModal>
    </>
  );
}
