// InventoryService: the slices' handlers behind one service.
import type { ServiceImpl } from "@connectrpc/connect";
import type { InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { AvailabilityService } from "../service/availability.service.js";
import type { CatalogueService } from "../service/catalogue.service.js";
import type { FileService } from "../service/file.service.js";
import type { SearchService } from "../service/search.service.js";
import type { WarehouseService } from "../service/warehouse.service.js";
import { availabilityRpc } from "./availability.rpc.js";
import { catalogueRpc } from "./catalogue.rpc.js";
import { fileRpc } from "./file.rpc.js";
import { searchRpc } from "./search.rpc.js";
import { warehouseRpc } from "./warehouse.rpc.js";

export interface InventoryServices {
  catalogue: CatalogueService;
  warehouse: WarehouseService;
  search: SearchService;
  availability: AvailabilityService;
  files: FileService;
}

export function inventoryRpc(services: InventoryServices): Partial<ServiceImpl<typeof InventoryApi>> {
  return {
    ...catalogueRpc(services.catalogue),
    ...warehouseRpc(services.warehouse),
    ...searchRpc(services.search),
    ...availabilityRpc(services.availability),
    ...fileRpc(services.files),
  };
}
