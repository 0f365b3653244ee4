// InventoryService handlers of the catalogue slice: read the caller, convert,
// call one service method, convert back.
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CsvKind,
  LocationKind,
  ProductSort,
  TrackingMode,
  type CreateAssetsRequest,
  ProductInputSchema,
  UpdateProductRequestSchema,
  type InventoryService as InventoryApi,
  type ProductInput,
  type UpdateAssetRequest,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { AssetChanges, ProductDraft } from "../domain/catalogue.js";
import type { LocationKind as DomainLocationKind, TrackingMode as DomainTrackingMode } from "../domain/inventory.js";
import type { CatalogueService, CsvKind as DomainCsvKind, ShownProduct, ProductSort as DomainProductSort, TagSource } from "../service/catalogue.service.js";
import { requestState as call } from "./context.js";
import { validateMasked } from "./masked-validation.js";
import {
  assetHistoryToProto,
  assetStatusFromProto,
  assetToProto,
  categoryToProto,
  enumName,
  locationToProto,
  moneyFromProto,
  productToProto,
  stockLevelToProto,
  versionOf,
} from "./inventory.convert.js";

function optionalId(id: string): string | null {
  return id === "" ? null : id;
}

function filterId(id: string): string | undefined {
  return id === "" ? undefined : id;
}

function trackingOf(value: TrackingMode): DomainTrackingMode | undefined {
  return enumName(TrackingMode, value) as DomainTrackingMode | undefined;
}

function productDraftFromProto(input: ProductInput | undefined): ProductDraft {
  return {
    code: input?.code ?? "",
    name: input?.name ?? "",
    description: input?.description ?? "",
    categoryId: optionalId(input?.categoryId ?? ""),
    // Required by the request's validation; SERIALIZED only stands in for an absent message.
    tracking: trackingOf(input?.tracking ?? TrackingMode.UNSPECIFIED) ?? "SERIALIZED",
    dayRate: moneyFromProto(input?.dayRate),
    replacementValue: moneyFromProto(input?.replacementValue),
    dimensions: {
      weightGrams: input?.dimensions?.weightGrams ?? 0,
      lengthMm: input?.dimensions?.lengthMm ?? 0,
      widthMm: input?.dimensions?.widthMm ?? 0,
      heightMm: input?.dimensions?.heightMm ?? 0,
    },
    tags: input?.tags ?? [],
    customFields: { ...(input?.customFields ?? {}) },
    accessories: (input?.accessories ?? []).map((a) => ({ productId: a.productId, quantity: a.quantity, charged: a.charged })),
    inspectionIntervalDays: input?.inspectionIntervalDays ?? 0,
    archived: input?.archived ?? false,
  };
}

function tagSourceFromProto(tags: CreateAssetsRequest["tags"]): TagSource {
  switch (tags.case) {
    case "explicit":
      return { kind: "explicit", tags: tags.value.tags, serialNumbers: tags.value.serialNumbers };
    case "series":
      return { kind: "series", series: { prefix: tags.value.prefix, firstNumber: tags.value.firstNumber, count: tags.value.count, digits: tags.value.digits } };
    case "generateCount":
      return { kind: "generate", count: tags.value };
    case undefined:
      // The request's validation requires one of the three.
      return { kind: "explicit", tags: [], serialNumbers: [] };
  }
}

function assetChangesFromProto(req: UpdateAssetRequest): AssetChanges {
  return {
    serialNumber: req.serialNumber,
    status: assetStatusFromProto(req.status),
    locationId: req.locationId,
    condition: req.condition,
    notes: req.notes,
    purchaseDate: req.purchaseDate,
    purchaseCost: req.purchaseCost ? moneyFromProto(req.purchaseCost) : undefined,
  };
}

function csvKindOf(kind: CsvKind): DomainCsvKind {
  return (enumName(CsvKind, kind) ?? "PRODUCTS") as DomainCsvKind;
}

function shownProductToProto(product: ShownProduct) {
  const message = productToProto(product);
  message.primaryImageUrl = product.primaryImageUrl;
  return message;
}

export function catalogueRpc(service: CatalogueService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {
    async listCategories(_req, ctx) {
      return { categories: (await service.listCategories(call(ctx))).map(categoryToProto) };
    },
    async createCategory(req, ctx) {
      return { category: categoryToProto(await service.createCategory(call(ctx), { name: req.name, parentId: optionalId(req.parentId) })) };
    },
    async updateCategory(req, ctx) {
      const category = await service.updateCategory(call(ctx), { categoryId: req.categoryId, version: versionOf(req.version), name: req.name, parentId: optionalId(req.parentId) });
      return { category: categoryToProto(category) };
    },
    async deleteCategory(req, ctx) {
      await service.deleteCategory(call(ctx), req.categoryId);
      return {};
    },

    async listLocations(req, ctx) {
      return { locations: (await service.listLocations(call(ctx), { includeArchived: req.includeArchived })).map(locationToProto) };
    },
    async createLocation(req, ctx) {
      const location = await service.createLocation(call(ctx), {
        name: req.name,
        code: req.code,
        kind: enumName(LocationKind, req.kind) as DomainLocationKind,
        parentId: optionalId(req.parentId),
        address: req.address,
      });
      return { location: locationToProto(location) };
    },
    async updateLocation(req, ctx) {
      const location = await service.updateLocation(call(ctx), { locationId: req.locationId, version: versionOf(req.version), name: req.name, address: req.address, archived: req.archived });
      return { location: locationToProto(location) };
    },

    async listProducts(req, ctx) {
      const page = await service.listProducts(call(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        query: req.query,
        categoryId: filterId(req.categoryId),
        tracking: trackingOf(req.tracking),
        tag: req.tag,
        includeArchived: req.includeArchived,
        sort: (enumName(ProductSort, req.sort) ?? "NAME") as DomainProductSort,
      });
      return { products: page.products.map(shownProductToProto), nextPageToken: page.nextPageToken };
    },
    async getProduct(req, ctx) {
      const found = await service.getProduct(call(ctx), req.productId);
      return { product: shownProductToProto(found.product), stock: found.stock.map(stockLevelToProto), assetsByStatus: found.assetsByStatus };
    },
    async createProduct(req, ctx) {
      return { product: productToProto(await service.createProduct(call(ctx), productDraftFromProto(req.product))) };
    },
    async updateProduct(req, ctx) {
      const paths = req.updateMask?.paths ?? [];
      if (req.product) validateMasked(UpdateProductRequestSchema, UpdateProductRequestSchema.field.product, ProductInputSchema, req.product, paths);
      const product = await service.updateProduct(call(ctx), {
        productId: req.productId,
        version: versionOf(req.version),
        product: productDraftFromProto(req.product),
        paths,
      });
      return { product: productToProto(product) };
    },
    async deleteProduct(req, ctx) {
      await service.deleteProduct(call(ctx), req.productId);
      return {};
    },

    async listAssets(req, ctx) {
      const page = await service.listAssets(call(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        productId: filterId(req.productId),
        locationId: filterId(req.locationId),
        caseId: filterId(req.caseId),
        statuses: req.statuses.map(assetStatusFromProto).filter((s) => s !== undefined),
        query: req.query,
      });
      return { assets: page.assets.map(assetToProto), nextPageToken: page.nextPageToken };
    },
    async getAsset(req, ctx) {
      const found = await service.getAsset(call(ctx), req.assetId);
      return { asset: assetToProto(found.asset), history: found.history.map(assetHistoryToProto) };
    },
    async createAssets(req, ctx) {
      const created = await service.createAssets(call(ctx), {
        productId: req.productId,
        tags: tagSourceFromProto(req.tags),
        locationId: req.locationId,
        purchaseDate: req.purchaseDate,
        purchaseCost: moneyFromProto(req.purchaseCost),
        notes: req.notes,
      });
      return { assets: created.map(assetToProto) };
    },
    async updateAsset(req, ctx) {
      const asset = await service.updateAsset(call(ctx), { assetId: req.assetId, version: versionOf(req.version), changes: assetChangesFromProto(req), reason: req.reason });
      return { asset: assetToProto(asset) };
    },
    async retireAsset(req, ctx) {
      return { asset: assetToProto(await service.retireAsset(call(ctx), { assetId: req.assetId, reason: req.reason })) };
    },

    async importCsv(req, ctx) {
      return service.importCsv(call(ctx), { kind: csvKindOf(req.kind), csv: req.csv, dryRun: req.dryRun });
    },
    async exportCsv(req, ctx) {
      const exported = await service.exportCsv(call(ctx), {
        kind: csvKindOf(req.kind),
        query: req.query,
        categoryId: filterId(req.categoryId),
        productId: filterId(req.productId),
        locationId: filterId(req.locationId),
      });
      return { csv: new TextEncoder().encode(exported.csv), fileName: exported.fileName, rows: exported.rows };
    },
  };
}
