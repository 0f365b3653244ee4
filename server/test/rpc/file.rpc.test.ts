// Files through real clients: the RPCs over Connect and gRPC, the bytes over
// the signed HTTP links, on a server whose storage is a local folder and on one
// whose storage is a real S3-compatible server (s3rver).
import { randomUUID } from "node:crypto";
import { createClient, type Client } from "@connectrpc/connect";
import { FileOwnerKind, InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3FileStorage } from "../../src/store/file-storage.js";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { pdfBytes, pngBytes } from "../support/files.js";
import { startS3, type TestS3 } from "../support/s3.js";
import { authClient, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";
import { newAsset, newLocation, newMaintenanceRecord, newProduct } from "../support/warehouse-factories.js";

interface Setup {
  server: TestServer;
  token: string;
  readerToken: string;
}

async function signedIn(server: TestServer): Promise<Setup> {
  const admin = authClient(server.url);
  const token = (await admin.login({ email: adminEmail, password: adminPassword })).tokens?.accessToken ?? "";
  const roles = await authClient(server.url, "connect-json-h1", token).listRoles({});
  const sales = roles.roles.find((r) => r.key === "sales");
  if (!sales || sales.permissions.includes("inventory.manage")) throw new Error("the sales role changed");
  await authClient(server.url, "connect-json-h1", token).createUser({ email: "viewer@example.com", displayName: "Viewer", roleIds: [sales.id], password: "a-long-password-1" });
  const readerToken = (await admin.login({ email: "viewer@example.com", password: "a-long-password-1" })).tokens?.accessToken ?? "";
  return { server, token, readerToken };
}

let s3: TestS3;
const setups: Record<string, Setup> = {};

beforeAll(async () => {
  s3 = await startS3();
  setups.local = await signedIn(await startTestServer({ fileMaxBytes: 1 << 20 }));
  setups.s3 = await signedIn(await startTestServer({ fileMaxBytes: 1 << 20 }, new S3FileStorage(s3.settings)));
});
afterAll(async () => {
  await setups.local?.server.close();
  await setups.s3?.server.close();
  await s3.close();
});

const cases: [string, ProtocolName][] = [
  ["local", "connect-json-h1"],
  ["local", "grpc"],
  ["s3", "connect-binary-h2"],
];

describe.each(cases)("%s storage, RPCs over %s", (storageName, protocol) => {
  let setup: Setup;
  let inventory: Client<typeof InventoryService>;
  let readOnly: Client<typeof InventoryService>;
  beforeAll(() => {
    const found = setups[storageName];
    if (!found) throw new Error(`no setup ${storageName}`);
    setup = found;
    inventory = createClient(InventoryService, transport(setup.server.url, protocol, setup.token));
    readOnly = createClient(InventoryService, transport(setup.server.url, protocol, setup.readerToken));
  });

  const at = (path: string) => new URL(path, setup.server.url);

  async function put(uploadUrl: string, bytes: Buffer, contentType: string) {
    return fetch(at(uploadUrl), { method: "PUT", body: bytes, headers: { "content-type": contentType } });
  }

  async function uploaded(owner: { kind: FileOwnerKind; id: string }, bytes: Buffer, fileName: string, contentType: string) {
    const granted = await inventory.createFileUpload({ owner, fileName, contentType, sizeBytes: BigInt(bytes.length) });
    const response = await put(granted.uploadUrl, bytes, contentType);
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; primary?: boolean; downloadUrl: string; sha256: string };
  }

  it("uploads images and a document, lists them, serves the bytes to a plain GET and shows the primary image in the product list", async () => {
    const product = await newProduct(setup.server.database.db, { name: `Spot ${randomUUID()}` });
    const owner = { kind: FileOwnerKind.PRODUCT, id: product.id };
    const front = await uploaded(owner, pngBytes, "front.png", "image/png");
    expect(front.primary).toBe(true);
    const back = await uploaded(owner, pngBytes, "back.png", "image/png");
    await uploaded(owner, pdfBytes, "Handbuch – Spot.pdf", "application/pdf");

    const listed = await readOnly.listFiles({ owner });
    expect(listed.files.map((f) => [f.fileName, f.contentType, Number(f.sizeBytes), f.position, f.primary])).toEqual([
      ["front.png", "image/png", pngBytes.length, 0, true],
      ["back.png", "image/png", pngBytes.length, 1, false],
      ["Handbuch – Spot.pdf", "application/pdf", pdfBytes.length, 2, false],
    ]);
    expect(listed.files[0]?.sha256).toBe(front.sha256);

    // No Authorization header: the link is the credential, as for an <img> tag.
    const image = await fetch(at(listed.files[0]?.downloadUrl ?? ""));
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect(image.headers.get("cache-control")).toMatch(/^private, max-age=\d+/);
    expect(Buffer.from(await image.arrayBuffer()).equals(pngBytes)).toBe(true);
    const manual = await fetch(at(listed.files[2]?.downloadUrl ?? ""));
    expect(manual.headers.get("content-disposition")).toBe(`attachment; filename="Handbuch _ Spot.pdf"; filename*=UTF-8''${encodeURIComponent("Handbuch – Spot.pdf")}`);
    expect(Buffer.from(await manual.arrayBuffer()).equals(pdfBytes)).toBe(true);

    const page = await readOnly.listProducts({ query: product.name });
    expect(page.products[0]?.primaryImageUrl).toBe(listed.files[0]?.downloadUrl);
    expect((await readOnly.getProduct({ productId: product.id })).product?.primaryImageUrl).toBe(listed.files[0]?.downloadUrl);

    const switched = await inventory.setPrimaryFile({ fileId: back.id });
    expect(switched.files.filter((f) => f.primary).map((f) => f.id)).toEqual([back.id]);
    const reordered = await inventory.reorderFiles({ owner, fileIds: [back.id, ...listed.files.filter((f) => f.id !== back.id).map((f) => f.id)] });
    expect(reordered.files.map((f) => f.fileName)).toEqual(["back.png", "front.png", "Handbuch – Spot.pdf"]);

    await inventory.deleteFile({ fileId: back.id });
    const after = await readOnly.listFiles({ owner });
    expect(after.files.map((f) => [f.fileName, f.primary])).toEqual([["front.png", true], ["Handbuch – Spot.pdf", false]]);
    const gone = await fetch(at(reordered.files[0]?.downloadUrl ?? ""));
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: "not_found", reason: "FILE_NOT_FOUND" });
  });

  it("attaches files to assets and maintenance records", async () => {
    const db = setup.server.database.db;
    const asset = await newAsset(db, { productId: (await newProduct(db)).id, locationId: (await newLocation(db)).id });
    const photo = await uploaded({ kind: FileOwnerKind.ASSET, id: asset.id }, pngBytes, "scratch.png", "image/png");
    expect(photo.primary).toBeUndefined();
    const record = await newMaintenanceRecord(db, { assetId: asset.id, kind: "REPAIR" });
    await uploaded({ kind: FileOwnerKind.MAINTENANCE_RECORD, id: record }, pdfBytes, "invoice.pdf", "application/pdf");
    expect((await readOnly.listFiles({ owner: { kind: FileOwnerKind.MAINTENANCE_RECORD, id: record } })).files.map((f) => f.fileName)).toEqual(["invoice.pdf"]);
    expect(await failure(inventory.setPrimaryFile({ fileId: photo.id }))).toMatchObject({ code: "InvalidArgument", reason: "NOT_A_PRODUCT_IMAGE" });
  });

  it("refuses bad uploads with clear reasons, before and while the bytes arrive", async () => {
    const product = await newProduct(setup.server.database.db);
    const owner = { kind: FileOwnerKind.PRODUCT, id: product.id };
    const ask = (o: { fileName?: string; contentType?: string; sizeBytes?: bigint }) => inventory.createFileUpload({ owner, fileName: "a.png", contentType: "image/png", sizeBytes: 100n, ...o });
    expect(await failure(ask({ contentType: "image/svg+xml" }))).toMatchObject({ code: "InvalidArgument", reason: "FILE_TYPE_NOT_ALLOWED" });
    expect(await failure(ask({ sizeBytes: BigInt((1 << 20) + 1) }))).toMatchObject({ code: "InvalidArgument", reason: "FILE_TOO_LARGE" });
    expect(await failure(ask({ sizeBytes: 0n }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(inventory.createFileUpload({ owner: { kind: FileOwnerKind.UNSPECIFIED, id: product.id }, fileName: "a.png", contentType: "image/png", sizeBytes: 1n }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(inventory.createFileUpload({ owner: { kind: FileOwnerKind.ASSET, id: randomUUID() }, fileName: "a.png", contentType: "image/png", sizeBytes: 1n }))).toMatchObject({ code: "NotFound", reason: "ASSET_NOT_FOUND" });
    expect(await failure(readOnly.createFileUpload({ owner, fileName: "a.png", contentType: "image/png", sizeBytes: 1n }))).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_DENIED" });

    const granted = await ask({ sizeBytes: BigInt(pngBytes.length) });
    const fake = Buffer.alloc(pngBytes.length, 0x41);
    const mismatch = await put(granted.uploadUrl, fake, "image/png");
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ code: "invalid_argument", reason: "FILE_CONTENT_MISMATCH" });
    const forged = await put(granted.uploadUrl.replace(/.$/, (c) => (c === "A" ? "B" : "A")), pngBytes, "image/png");
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: "permission_denied", reason: "FILE_LINK_INVALID" });
    expect((await fetch(at(granted.uploadUrl))).status).toBe(405);
    expect((await readOnly.listFiles({ owner })).files).toEqual([]);

    const ok = await put(granted.uploadUrl, pngBytes, "image/png");
    expect(ok.status).toBe(201);
    const repeated = await put(granted.uploadUrl, pngBytes, "image/png");
    expect(repeated.status).toBe(200);
    expect(((await repeated.json()) as { id: string }).id).toBe(granted.fileId);
    const file = (await readOnly.listFiles({ owner })).files[0];
    const tampered = await fetch(at((file?.downloadUrl ?? "").replace(/signature=(.)/, (_, c: string) => `signature=${c === "x" ? "y" : "x"}`)));
    expect(tampered.status).toBe(403);
    expect(await tampered.json()).toMatchObject({ reason: "FILE_LINK_INVALID" });
    expect(await failure(readOnly.deleteFile({ fileId: file?.id }))).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_DENIED" });
    expect(await failure(inventory.deleteFile({ fileId: randomUUID() }))).toMatchObject({ code: "NotFound", reason: "FILE_NOT_FOUND" });
    expect(await failure(inventory.reorderFiles({ owner, fileIds: [randomUUID()] }))).toMatchObject({ code: "NotFound", reason: "FILE_NOT_FOUND" });
  });
});
