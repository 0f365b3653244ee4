import { createClient, type Client } from "@connectrpc/connect";
import type { LoginResponse } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { InventoryService, LabelLayout, SearchHitKind, Symbology } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { decodeLabels, newAsset, newCase, newKit, newLocation, newProduct, newStockLevel } from "../support/search-factories.js";
import { authClient, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";

let server: TestServer;
let admin: LoginResponse;
let crewToken: string;
const ids = {} as Record<"warehouse" | "spot" | "cable" | "lx1" | "lx2" | "rack" | "odd" | "kit", string>;
const missing = "00000000-0000-4000-8000-00000000abcd";

function inventory(protocol: ProtocolName, token = admin.tokens?.accessToken): Client<typeof InventoryService> {
  return createClient(InventoryService, transport(server.url, protocol, token));
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await authClient(server.url).login({ email: adminEmail, password: adminPassword });
  const auth = authClient(server.url, "connect-json-h1", admin.tokens?.accessToken);
  const crew = (await auth.listRoles({})).roles.find((r) => r.key === "crew");
  const password = "a-long-password-1";
  await auth.createUser({ email: "crew@example.com", displayName: "Crew", roleIds: [crew?.id ?? ""], password });
  crewToken = (await authClient(server.url).login({ email: "crew@example.com", password })).tokens?.accessToken ?? "";

  const { db } = server.database;
  ids.warehouse = await newLocation(db, { name: "Main warehouse" });
  ids.spot = await newProduct(db, { code: "MH-575", name: "Moving Head Spot 575", tags: ["lighting"] });
  ids.cable = await newProduct(db, { code: "SOCA-25", name: "Socapex 19-pin 25m", tracking: "BULK" });
  await newStockLevel(db, ids.cable, ids.warehouse, 12);
  ids.lx1 = await newAsset(db, ids.spot, ids.warehouse, { tag: "LX-0001", serialNumber: "SN-1", purchaseCostMinor: 250000 });
  ids.lx2 = await newAsset(db, ids.spot, ids.warehouse, { tag: "LX-0002" });
  ids.rack = await newCase(db, ids.warehouse, { code: "CASE-1", name: "Amp Rack 1", kind: "PERMANENT" });
  ids.odd = await newCase(db, ids.warehouse, { code: "KOFFER-Ü", name: "Koffer" });
  ids.kit = await newKit(db, { code: "KIT-LX", name: "Spot Kit", items: [{ productId: ids.spot, quantity: 2 }] });
});

afterAll(async () => {
  await server.close();
});

describe.each(["connect-json-h1", "grpc", "connect-binary-h2", "grpc-web-h1"] as const)("over %s", (protocol) => {
  it("Search: a misspelled name, highlighted", async () => {
    const { hits } = await inventory(protocol).search({ query: "moving haed" });
    expect(hits[0]).toMatchObject({ kind: SearchHitKind.PRODUCT, id: ids.spot, code: "MH-575", title: "Moving Head Spot 575", highlight: "«Moving Head» Spot 575", exact: false });
  });

  it("Search: an exact tag first, filtered by kind and limited", async () => {
    const { hits } = await inventory(protocol).search({ query: "LX-0001" });
    expect(hits[0]).toMatchObject({ kind: SearchHitKind.ASSET, id: ids.lx1, subtitle: "Moving Head Spot 575", exact: true, highlight: "«LX-0001»" });
    expect(hits[0]?.score).toBeGreaterThanOrEqual(3);
    const onlyKits = await inventory(protocol).search({ query: "spot", kinds: [SearchHitKind.KIT] });
    expect(onlyKits.hits.map((h) => [h.kind, h.id])).toEqual([[SearchHitKind.KIT, ids.kit]]);
    const one = await inventory(protocol).search({ query: "lx-000", limit: 1 });
    expect(one.hits).toHaveLength(1);
  });

  it("ResolveCode: each kind of code", async () => {
    const client = inventory(protocol);
    const asset = await client.resolveCode({ code: "lx-0001" });
    expect(asset.target.case).toBe("asset");
    expect(asset.target.value).toMatchObject({ id: ids.lx1, productName: "Moving Head Spot 575", tag: "LX-0001", serialNumber: "SN-1", purchaseCost: { amountMinor: 250000n, currency: "EUR" } });
    expect((await client.resolveCode({ code: "CASE-1" })).target).toMatchObject({ case: "case", value: { id: ids.rack, name: "Amp Rack 1" } });
    expect((await client.resolveCode({ code: "SOCA-25" })).target).toMatchObject({ case: "product", value: { id: ids.cable, quantityOwned: 12 } });
    expect((await client.resolveCode({ code: "KIT-LX" })).target).toMatchObject({ case: "kit", value: { id: ids.kit, items: [{ productId: ids.spot, quantity: 2 }] } });
  });

  it("ResolveCode: unknown code", async () => {
    expect(await failure(inventory(protocol).resolveCode({ code: "NOPE" }))).toMatchObject({ code: "NotFound", reason: "CODE_NOT_FOUND" });
  });

  it("RenderLabels: a PDF whose codes decode", async () => {
    const rendered = await inventory(protocol).renderLabels({ assetIds: [ids.lx1, ids.lx2], caseIds: [ids.rack], layout: LabelLayout.A4_3X8, symbology: Symbology.CODE128 });
    expect(rendered.labelCount).toBe(3);
    expect(await decodeLabels(rendered.pdf, "A4_3X8", 3)).toEqual(["LX-0001", "LX-0002", "CASE-1"]);
  });

  it("RenderLabels: unknown ids and codes Code128 cannot carry", async () => {
    const client = inventory(protocol);
    const base = { layout: LabelLayout.SINGLE_62X29, symbology: Symbology.CODE128 };
    expect(await failure(client.renderLabels({ ...base, assetIds: [missing] }))).toMatchObject({ code: "NotFound", reason: "ASSET_NOT_FOUND" });
    expect(await failure(client.renderLabels({ ...base, caseIds: [missing] }))).toMatchObject({ code: "NotFound", reason: "CASE_NOT_FOUND" });
    expect(await failure(client.renderLabels({ ...base, caseIds: [ids.odd] }))).toMatchObject({ code: "InvalidArgument", reason: "CODE_NOT_ENCODABLE" });
    const qr = await client.renderLabels({ ...base, symbology: Symbology.QR, caseIds: [ids.odd] });
    expect(await decodeLabels(qr.pdf, "SINGLE_62X29", 1)).toEqual(["KOFFER-Ü"]);
  });

  it("refuses callers without inventory.read, and anonymous ones", async () => {
    expect(await failure(inventory(protocol, crewToken).search({ query: "spot" }))).toMatchObject({ code: "PermissionDenied" });
    expect(await failure(inventory(protocol, crewToken).resolveCode({ code: "LX-0001" }))).toMatchObject({ code: "PermissionDenied" });
    expect(await failure(inventory(protocol, crewToken).renderLabels({ assetIds: [ids.lx1], layout: LabelLayout.A4_3X8, symbology: Symbology.QR }))).toMatchObject({
      code: "PermissionDenied",
    });
    expect(await failure(inventory(protocol, "").search({ query: "spot" }))).toMatchObject({ code: "Unauthenticated" });
  });
});

describe("request validation", () => {
  const client = () => inventory("connect-json-h1");
  it.each([
    ["an empty query", () => client().search({ query: "" })],
    ["a query over 200 characters", () => client().search({ query: "x".repeat(201) })],
    ["an unspecified kind", () => client().search({ query: "x", kinds: [SearchHitKind.UNSPECIFIED] })],
    ["a limit over 100", () => client().search({ query: "x", limit: 101 })],
    ["an empty code", () => client().resolveCode({ code: "" })],
    ["nothing to print", () => client().renderLabels({ layout: LabelLayout.A4_3X8, symbology: Symbology.QR })],
    ["an unspecified layout", () => client().renderLabels({ assetIds: [ids.lx1], symbology: Symbology.QR })],
    ["an unspecified symbology", () => client().renderLabels({ assetIds: [ids.lx1], layout: LabelLayout.A4_3X8 })],
    ["an id that is no uuid", () => client().renderLabels({ assetIds: ["LX-0001"], layout: LabelLayout.A4_3X8, symbology: Symbology.QR })],
    ["a repeated id", () => client().renderLabels({ assetIds: [ids.lx1, ids.lx1], layout: LabelLayout.A4_3X8, symbology: Symbology.QR })],
  ])("refuses %s", async (_name, call) => {
    expect(await failure(call())).toMatchObject({ code: "InvalidArgument" });
  });
});
