// Images and documents of products, assets and maintenance records. The bytes
// go straight to the server's signed upload link (PUT) and come back through
// signed download links, which <img> and <a> use as they are.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { useMutation, useQuery } from "@connectrpc/connect-query";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { FileOwnerKind, InventoryService, type StoredFile } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { ActionIcon, Anchor, Badge, Button, Card, FileButton, Group, Image, Paper, SimpleGrid, Stack, Text, Title, Tooltip } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { CenteredLoader } from "./ui.js";

export interface Owner {
  kind: FileOwnerKind;
  id: string;
}

/** What the server accepts (domain/files.ts); checked here first so a wrong file is refused before it is sent. */
export const imageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"];
const documentTypes = [
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
];
const allTypes = [...imageTypes, ...documentTypes];
/** The server's default FILE_MAX_BYTES; a smaller server limit still answers FILE_TOO_LARGE. */
export const maxUploadBytes = 50 * 1024 * 1024;

export function isImage(file: Pick<StoredFile, "contentType">): boolean {
  return imageTypes.includes(file.contentType);
}

/** "850 kB", "12.5 MB", in the user's locale. */
export function formatBytes(bytes: number, locale: string): string {
  const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, "megabyte"] : bytes >= 1000 ? [bytes / 1000, "kilobyte"] : [bytes, "byte"];
  return formatNumber(value, locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 });
}

/** A browser's type for a file, with the common cases it leaves empty filled in from the name. */
function typeOf(file: File): string {
  if (file.type !== "") return file.type;
  const extension = file.name.split(".").at(-1)?.toLowerCase();
  return extension === "csv" ? "text/csv" : extension === "txt" ? "text/plain" : "";
}

/** The JSON error of the upload endpoint, as the ConnectError the rest of the app understands. */
async function uploadError(response: Response): Promise<ConnectError> {
  const body = (await response.json().catch(() => ({}))) as { message?: string; reason?: string };
  const code = response.status === 403 ? Code.PermissionDenied : response.status === 404 ? Code.NotFound : response.status >= 500 ? Code.Internal : Code.InvalidArgument;
  const details = body.reason ? [{ desc: ErrorInfoSchema, value: create(ErrorInfoSchema, { reason: body.reason, domain: "eventkit" }) }] : [];
  return new ConnectError(body.message ?? response.statusText, code, undefined, details);
}

function useFiles(owner: Owner) {
  return useQuery(InventoryService.method.listFiles, { owner });
}

function useRefresh() {
  const invalidate = useInvalidate();
  return () => invalidate(InventoryService.method.listFiles, InventoryService.method.listProducts, InventoryService.method.getProduct);
}

/** Uploads files one after the other: ask for a link, PUT the bytes, refresh the lists. */
function useUpload(owner: Owner) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const refresh = useRefresh();
  const ask = useMutation(InventoryService.method.createFileUpload);
  const [current, setCurrent] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();

  const upload = async (files: File[], accept: readonly string[]) => {
    setError(undefined);
    const refused: string[] = [];
    try {
      for (const file of files) {
        const contentType = typeOf(file);
        if (!accept.includes(contentType)) {
          refused.push(t("files.typeNotAllowed", { name: file.name }));
          continue;
        }
        if (file.size > maxUploadBytes) {
          refused.push(t("files.tooLarge", { name: file.name, size: formatBytes(file.size, locale), limit: formatBytes(maxUploadBytes, locale) }));
          continue;
        }
        setCurrent(file.name);
        const granted = await ask.mutateAsync({ owner, fileName: file.name, contentType, sizeBytes: BigInt(file.size) });
        const response = await fetch(granted.uploadUrl, { method: "PUT", body: file, headers: { "content-type": contentType } });
        if (!response.ok) throw await uploadError(response);
      }
    } catch (thrown) {
      setError(thrown);
    } finally {
      setProblems(refused);
      setCurrent(undefined);
      await refresh();
    }
  };
  return { upload, current, problems, error };
}

function UploadButton({ owner, accept, label }: { owner: Owner; accept: readonly string[]; label: string }) {
  const { t } = useTranslation();
  const { upload, current, problems, error } = useUpload(owner);
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <FileButton multiple accept={accept.join(",")} onChange={(files) => void upload(files, accept)}>
          {(props) => (
            <Button {...props} variant="light" loading={current !== undefined}>
              {label}
            </Button>
          )}
        </FileButton>
        {current !== undefined ? (
          <Text size="sm" c="dimmed" role="status">
            {t("files.uploading", { name: current })}
          </Text>
        ) : null}
      </Group>
      {problems.map((problem) => (
        <Text key={problem} size="sm" c="red" role="alert">
          {problem}
        </Text>
      ))}
      <ErrorAlert error={error} />
    </Stack>
  );
}

function DeleteFileModal({ file, onClose }: { file: StoredFile | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const remove = useMutation(InventoryService.method.deleteFile, {
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  return (
    <AppModal opened={file !== undefined} onClose={() => { remove.reset(); onClose(); }} title={t("files.deleteTitle")} size="sm">
      <Stack>
        <Text size="sm">{t("files.deleteConfirm", { name: file?.fileName ?? "" })}</Text>
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => { if (file) remove.mutate({ fileId: file.id }); }}>
            {t("common.delete")}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

function DocumentList({ files, canManage, onDelete }: { files: readonly StoredFile[]; canManage: boolean; onDelete: (file: StoredFile) => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  return (
    <Stack gap={6} role="list" aria-label={t("files.documents")}>
      {files.map((file) => (
        <Group key={file.id} justify="space-between" wrap="nowrap" gap="xs" role="listitem">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Anchor href={file.downloadUrl} size="sm" style={{ overflowWrap: "anywhere" }}>
              {file.fileName}
            </Anchor>
            <Text size="xs" c="dimmed">
              {t("files.sizeAndType", { size: formatBytes(Number(file.sizeBytes), locale), type: file.contentType })}
            </Text>
          </Stack>
          {canManage ? (
            <Button size="xs" variant="subtle" color="red" aria-label={t("files.delete", { name: file.fileName })} onClick={() => { onDelete(file); }}>
              {t("common.delete")}
            </Button>
          ) : null}
        </Group>
      ))}
    </Stack>
  );
}

/** The product page's gallery: images (primary first in the list's thumbnails), then documents. */
export function ProductGallery({ productId, productName, canManage }: { productId: string; productName: string; canManage: boolean }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const owner = { kind: FileOwnerKind.PRODUCT, id: productId };
  const files = useFiles(owner);
  const refresh = useRefresh();
  const primary = useMutation(InventoryService.method.setPrimaryFile, { onSuccess: refresh });
  const reorder = useMutation(InventoryService.method.reorderFiles, { onSuccess: refresh });
  const [deleting, setDeleting] = useState<StoredFile>();
  if (files.isPending) return <CenteredLoader />;
  const all = files.data?.files ?? [];
  const images = all.filter(isImage);
  const documents = all.filter((f) => !isImage(f));
  const move = (file: StoredFile, by: -1 | 1) => {
    const order = images.map((f) => f.id);
    const from = order.indexOf(file.id);
    const to = from + by;
    if (to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to] ?? file.id, file.id];
    reorder.mutate({ owner, fileIds: [...order, ...documents.map((f) => f.id)] });
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t("files.images")}>
      <Stack gap="md">
        <ErrorAlert error={files.error ?? primary.error ?? reorder.error} />
        <Group justify="space-between">
          <Title order={3}>{t("files.images")}</Title>
          {canManage ? <UploadButton owner={owner} accept={allTypes} label={t("files.uploadImages")} /> : null}
        </Group>
        {images.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("files.noImages")} — {t("files.noImagesHint")}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 2, xs: 3, md: 5 }} spacing="sm">
            {images.map((file, index) => (
              <Card key={file.id} withBorder padding={4} radius="md">
                <Card.Section>
                  <Image src={file.downloadUrl} alt={t("files.imageOf", { position: index + 1, name: productName })} h={120} fit="contain" loading="lazy" />
                </Card.Section>
                <Stack gap={4} mt={4}>
                  {file.primary ? (
                    <Badge size="sm" variant="light" tt="none">
                      {t("files.primary")}
                    </Badge>
                  ) : null}
                  {canManage ? (
                    <Group gap={4} wrap="nowrap" justify="space-between">
                      {file.primary ? null : (
                        <Button size="compact-xs" variant="subtle" loading={primary.isPending && primary.variables.fileId === file.id} onClick={() => { primary.mutate({ fileId: file.id }); }}>
                          {t("files.makePrimary")}
                        </Button>
                      )}
                      <Group gap={2} wrap="nowrap">
                        <Tooltip label={t("files.moveEarlier")}>
                          <ActionIcon size="sm" variant="subtle" aria-label={t("files.moveEarlier")} disabled={index === 0} onClick={() => { move(file, -1); }}>
                            ‹
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t("files.moveLater")}>
                          <ActionIcon size="sm" variant="subtle" aria-label={t("files.moveLater")} disabled={index === images.length - 1} onClick={() => { move(file, 1); }}>
                            ›
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t("files.delete", { name: file.fileName })}>
                          <ActionIcon size="sm" variant="subtle" color="red" aria-label={t("files.delete", { name: file.fileName })} onClick={() => { setDeleting(file); }}>
                            ×
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Group>
                  ) : null}
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        )}
        {documents.length > 0 ? (
          <Stack gap="xs">
            <Title order={4}>{t("files.documents")}</Title>
            <DocumentList files={documents} canManage={canManage} onDelete={setDeleting} />
          </Stack>
        ) : null}
        {canManage ? (
          <Text size="xs" c="dimmed">
            {t("files.accepts", { size: formatBytes(maxUploadBytes, locale) })}
          </Text>
        ) : null}
      </Stack>
      <DeleteFileModal file={deleting} onClose={() => { setDeleting(undefined); }} />
    </Paper>
  );
}

/** Files of an asset or a maintenance record: photos as thumbnails, documents as links. */
export function FileAttachments({ owner, canManage, title }: { owner: Owner; canManage: boolean; title: string }) {
  const { t } = useTranslation();
  const files = useFiles(owner);
  const [deleting, setDeleting] = useState<StoredFile>();
  if (files.isPending) return <CenteredLoader />;
  const all = files.data?.files ?? [];
  const images = all.filter(isImage);
  return (
    <Stack gap="sm">
      <ErrorAlert error={files.error} />
      {all.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("files.noFiles")} — {t("files.noFilesHint")}
        </Text>
      ) : null}
      {images.length > 0 ? (
        <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs">
          {images.map((file, index) => (
            <Stack key={file.id} gap={2} align="center">
              <Anchor href={file.downloadUrl} target="_blank" rel="noopener">
                <Image src={file.downloadUrl} alt={t("files.imageOf", { position: index + 1, name: title })} h={90} fit="contain" loading="lazy" />
              </Anchor>
              {canManage ? (
                <Button size="compact-xs" variant="subtle" color="red" aria-label={t("files.delete", { name: file.fileName })} onClick={() => { setDeleting(file); }}>
                  {t("common.delete")}
                </Button>
              ) : null}
            </Stack>
          ))}
        </SimpleGrid>
      ) : null}
      <DocumentList files={all.filter((f) => !isImage(f))} canManage={canManage} onDelete={setDeleting} />
      {canManage ? <UploadButton owner={owner} accept={allTypes} label={t("files.uploadFiles")} /> : null}
      <DeleteFileModal file={deleting} onClose={() => { setDeleting(undefined); }} />
    </Stack>
  );
}

/** A button that opens a record's attachments in a dialog (tables and cards have no room for them). */
export function AttachmentsButton({ owner, title, canManage }: { owner: Owner; title: string; canManage: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="xs" variant="subtle" onClick={() => { setOpen(true); }}>
        {t("files.showAttachments")}
      </Button>
      <AppModal opened={open} onClose={() => { setOpen(false); }} title={t("files.attachmentsOf", { title })} size="lg">
        {open ? <FileAttachments owner={owner} canManage={canManage} title={title} /> : null}
      </AppModal>
    </>
  );
}
