import { create } from "@bufbuild/protobuf";
import { FileOwnerKind, FileOwnerSchema, StoredFileSchema, type CreateFileUploadRequest, type StoredFile } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import ar from "../i18n/locales/files.ar.json";
import de from "../i18n/locales/files.de.json";
import en from "../i18n/locales/files.en.json";
import { formatBytes } from "./files.js";
import { ids, newAsset, newProduct, renderInventory } from "./test-support.js";

const fileIds = ["6c9f1a7e-0b2c-4d3e-8f4a-5b6c7d8e9f01", "7d0a2b8f-1c3d-4e4f-9a5b-6c7d8e9f0a12", "8e1b3c9a-2d4e-4f5a-8b6c-7d8e9f0a1b23"];

function storedFile(o: Partial<Omit<StoredFile, "$typeName">> & { id: string; fileName: string }): StoredFile {
  return create(StoredFileSchema, {
    owner: create(FileOwnerSchema, { kind: FileOwnerKind.PRODUCT, id: ids.product }),
    contentType: "image/png",
    sizeBytes: 2048n,
    downloadUrl: `/files/${o.id}/${o.fileName}?expires=1&signature=s`,
    ...o,
  });
}

const gallery = () => [
  storedFile({ id: fileIds[0] ?? "", fileName: "front.png", primary: true, position: 0 }),
  storedFile({ id: fileIds[1] ?? "", fileName: "back.png", position: 1 }),
  storedFile({ id: fileIds[2] ?? "", fileName: "manual.pdf", contentType: "application/pdf", sizeBytes: 1_250_000n, position: 2 }),
];

/** The first screen of a test waits for the whole app to start (sign-in, lookups), which takes long on a busy machine; so do the tests. */
const slow = { timeout: 15_000 };

afterEach(() => {
  vi.unstubAllGlobals();
});

function pickFiles(files: File[]) {
  const input = document.querySelector<HTMLInputElement>("input[type=file]");
  if (!input) throw new Error("no file input");
  fireEvent.change(input, { target: { files } });
}

describe("product gallery", { timeout: 30_000 }, () => {
  it("shows images with the primary one marked and documents as download links; makes another image primary and deletes one", async () => {
    const primaryCalls: string[] = [];
    const deleted: string[] = [];
    let files = gallery();
    renderInventory({
      path: `/inventory/products/${ids.product}`,
      inventory: {
        getProduct: () => ({ product: newProduct(), stock: [], assetsByStatus: {} }),
        listFiles: () => ({ files }),
        setPrimaryFile: ({ fileId }) => {
          primaryCalls.push(fileId);
          files = files.map((f) => ({ ...f, primary: f.id === fileId }));
          return { files };
        },
        deleteFile: ({ fileId }) => {
          deleted.push(fileId);
          files = files.filter((f) => f.id !== fileId);
          return {};
        },
      },
    });
    const section = await screen.findByRole("region", { name: "Images" }, slow);
    const images = await within(section).findAllByRole("img");
    expect(images.map((img) => [img.getAttribute("alt"), img.getAttribute("src")])).toEqual([
      ["Image 1 of Moving head spot", `/files/${fileIds[0] ?? ""}/front.png?expires=1&signature=s`],
      ["Image 2 of Moving head spot", `/files/${fileIds[1] ?? ""}/back.png?expires=1&signature=s`],
    ]);
    expect(within(section).getAllByText("Primary")).toHaveLength(1);
    const documents = within(section).getByRole("list", { name: "Documents" });
    expect(within(documents).getByRole("link", { name: "manual.pdf" }).getAttribute("href")).toBe(`/files/${fileIds[2] ?? ""}/manual.pdf?expires=1&signature=s`);
    expect(within(documents).getByText(`${formatBytes(1_250_000, "en")} · application/pdf`)).toBeTruthy();

    fireEvent.click(within(section).getByRole("button", { name: "Make primary" }));
    await waitFor(() => { expect(primaryCalls).toEqual([fileIds[1]]); });

    fireEvent.click(within(section).getByRole("button", { name: "Delete front.png" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete file" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => { expect(deleted).toEqual([fileIds[0]]); });
    await waitFor(() => { expect(within(section).getAllByRole("img")).toHaveLength(1); });
  });

  it("asks for a link, PUTs the bytes to it, and refuses unsupported files before sending anything", async () => {
    const asked: CreateFileUploadRequest[] = [];
    const puts: { url: string; method: string; body: unknown; type: string | null }[] = [];
    vi.stubGlobal("fetch", (url: string, init: RequestInit) => {
      puts.push({ url, method: init.method ?? "GET", body: init.body, type: new Headers(init.headers).get("content-type") });
      return Promise.resolve(new Response(JSON.stringify({ id: fileIds[0] }), { status: 201 }));
    });
    renderInventory({
      path: `/inventory/products/${ids.product}`,
      inventory: {
        getProduct: () => ({ product: newProduct(), stock: [], assetsByStatus: {} }),
        createFileUpload: (request) => {
          asked.push(request);
          return { fileId: fileIds[0], uploadUrl: "/files/upload?grant=abc.def", maxSizeBytes: 1n << 20n };
        },
      },
    });
    await screen.findByRole("button", { name: "Add images or documents" }, slow);
    const photo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "stage.png", { type: "image/png" });
    const drawing = new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" });
    pickFiles([drawing, photo]);
    await waitFor(() => { expect(puts).toHaveLength(1); });
    expect(asked.map((r) => [r.owner?.kind, r.owner?.id, r.fileName, r.contentType, r.sizeBytes])).toEqual([[FileOwnerKind.PRODUCT, ids.product, "stage.png", "image/png", 4n]]);
    expect(puts[0]).toMatchObject({ url: "/files/upload?grant=abc.def", method: "PUT", body: photo, type: "image/png" });
    expect(await screen.findByText("logo.svg: files of this type cannot be uploaded.")).toBeTruthy();
  });

  it("shows why the server refused the bytes, translated", async () => {
    vi.stubGlobal("fetch", () => Promise.resolve(new Response(JSON.stringify({ code: "invalid_argument", message: "the bytes are not a image/png file", reason: "FILE_CONTENT_MISMATCH" }), { status: 400 })));
    renderInventory({
      path: `/inventory/products/${ids.product}`,
      language: "de",
      inventory: {
        getProduct: () => ({ product: newProduct(), stock: [], assetsByStatus: {} }),
        createFileUpload: () => ({ fileId: fileIds[0], uploadUrl: "/files/upload?grant=x.y" }),
      },
    });
    await screen.findByRole("button", { name: "Bilder oder Dokumente hinzufügen" }, slow);
    pickFiles([new File(["not a png"], "fake.png", { type: "image/png" })]);
    expect(await screen.findByText("Der Inhalt passt nicht zum Dateityp; die Datei ist beschädigt oder umbenannt.")).toBeTruthy();
  });

  it("offers no changes to readers", async () => {
    renderInventory({
      path: `/inventory/products/${ids.product}`,
      permissions: ["inventory.read"],
      inventory: { getProduct: () => ({ product: newProduct(), stock: [], assetsByStatus: {} }), listFiles: () => ({ files: gallery() }) },
    });
    const section = await screen.findByRole("region", { name: "Images" }, slow);
    await within(section).findAllByRole("img");
    expect(within(section).queryByRole("button")).toBeNull();
  });
});

describe("thumbnails and attachments", { timeout: 30_000 }, () => {
  it("shows each product's primary image in the product list", async () => {
    renderInventory({
      path: "/inventory/products",
      inventory: { listProducts: () => ({ products: [newProduct({ primaryImageUrl: "/files/x/front.png?expires=1&signature=s" })] }) },
    });
    const thumbnail = await screen.findByRole("img", { name: "Image of Moving head spot" }, slow);
    expect(thumbnail.getAttribute("src")).toBe("/files/x/front.png?expires=1&signature=s");
  });

  it("lists an asset's attachments and lets the warehouse add more", async () => {
    const requested: unknown[] = [];
    renderInventory({
      path: `/inventory/assets/${ids.asset}`,
      inventory: {
        getAsset: () => ({ asset: newAsset(), history: [] }),
        listFiles: (request) => {
          requested.push(request.owner);
          return { files: [storedFile({ id: fileIds[2] ?? "", fileName: "PAT-2026.pdf", contentType: "application/pdf", owner: create(FileOwnerSchema, { kind: FileOwnerKind.ASSET, id: ids.asset }) })] };
        },
      },
    });
    const section = await screen.findByRole("region", { name: "Attachments" }, slow);
    expect(await within(section).findByRole("link", { name: "PAT-2026.pdf" })).toBeTruthy();
    expect(within(section).getByRole("button", { name: "Add files" })).toBeTruthy();
    expect(requested).toEqual([expect.objectContaining({ kind: FileOwnerKind.ASSET, id: ids.asset })]);
  });
});

/** Leaf keys of a locale. */
function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]) => (typeof value === "object" && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

describe("file locales", () => {
  it.each([
    ["de", de],
    ["ar", ar],
  ])("%s has exactly the keys of en", (_, locale) => {
    expect(keys(locale).sort()).toEqual(keys(en).sort());
  });
});
