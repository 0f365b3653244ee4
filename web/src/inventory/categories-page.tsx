import { useMutation } from "@connectrpc/connect-query";
import { InventoryService, type Category } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Button, Group, Menu, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan } from "../auth/current-user.js";
import { AppModal } from "../ui/app-modal.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { useCategories } from "./lookups.js";
import { inventoryPaths } from "./paths.js";
import { CategorySelect } from "./pickers.js";
import { TreeRows } from "./tree-rows.js";
import { AppLink, CenteredLoader } from "./ui.js";

type Editing = { mode: "create"; parent?: Category } | { mode: "edit"; category: Category };

function CategoryForm({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const existing = editing.mode === "edit" ? editing.category : undefined;
  const [name, setName] = useState(existing?.name ?? "");
  const [parentId, setParentId] = useState(existing ? existing.parentId : (editing.mode === "create" ? (editing.parent?.id ?? "") : ""));
  const done = async () => {
    await invalidate(InventoryService.method.listCategories);
    onClose();
  };
  const createCategory = useMutation(InventoryService.method.createCategory, { onSuccess: done });
  const updateCategory = useMutation(InventoryService.method.updateCategory, { onSuccess: done });
  const mutation = existing ? updateCategory : createCategory;
  function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (name.trim() === "") return;
    if (existing) updateCategory.mutate({ categoryId: existing.id, version: existing.version, name: name.trim(), parentId });
    else createCategory.mutate({ name: name.trim(), parentId });
  }
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={mutation.error} />
        <TextInput label={t("inventory.fields.name")} required value={name} onChange={(event) => { setName(event.currentTarget.value); }} />
        <CategorySelect label={t("inventory.categories.parent")} placeholder={t("inventory.categories.topLevel")} value={parentId} onChange={setParentId} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={name.trim() === ""}>
            {existing ? t("common.save") : t("inventory.categories.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CategoriesPage() {
  const { t } = useTranslation();
  const canManage = useCan("inventory.manage");
  const categories = useCategories();
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<Editing>();
  const remove = useMutation(InventoryService.method.deleteCategory, { onSuccess: () => invalidate(InventoryService.method.listCategories) });
  return (
    <>
      <Text size="sm">
        <AppLink to={inventoryPaths.products}>{t("inventory.products.back")}</AppLink>
      </Text>
      <PageHeader
        title={t("inventory.categories.title")}
        description={t("inventory.categories.description")}
        actions={canManage ? <Button onClick={() => { setEditing({ mode: "create" }); }}>{t("inventory.categories.add")}</Button> : undefined}
      />
      <Stack gap="md">
        <ErrorAlert error={categories.error ?? remove.error} />
        {categories.isPending ? (
          <CenteredLoader />
        ) : categories.categories.length === 0 ? (
          <EmptyState title={t("inventory.categories.empty")}>{t("inventory.categories.emptyHint")}</EmptyState>
        ) : (
          <TreeRows
            nodes={categories.categories}
            label={t("inventory.categories.title")}
            render={(category) => <Text fw={category.parentId ? 500 : 700}>{category.name}</Text>}
            actions={(category) =>
              canManage ? (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <Button size="xs" variant="subtle" aria-label={t("inventory.locations.actionsFor", { name: category.name })}>
                      {t("common.actions")}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => { setEditing({ mode: "create", parent: category }); }}>{t("inventory.categories.addInside")}</Menu.Item>
                    <Menu.Item onClick={() => { setEditing({ mode: "edit", category }); }}>{t("common.edit")}</Menu.Item>
                    <Menu.Item color="red" onClick={() => { remove.mutate({ categoryId: category.id }); }}>
                      {t("common.delete")}
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
        title={editing?.mode === "edit" ? t("inventory.categories.editTitle") : t("inventory.categories.add")}
        size="md"
      >
        {editing ? <CategoryForm editing={editing} onClose={() => { setEditing(undefined); }} /> : null}
      </AppModal>
    </>
  );
}
