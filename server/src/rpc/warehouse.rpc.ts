// InventoryService handlers of the warehouse slice.
import type { ServiceImpl } from "@connectrpc/connect";
import type { InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { WarehouseService } from "../service/warehouse.service.js";

export function warehouseRpc(_service: WarehouseService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {};
}
