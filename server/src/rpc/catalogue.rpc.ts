// InventoryService handlers of the catalogue slice.
import type { ServiceImpl } from "@connectrpc/connect";
import type { InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { CatalogueService } from "../service/catalogue.service.js";

export function catalogueRpc(_service: CatalogueService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {};
}
