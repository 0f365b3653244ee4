// InventoryService handlers of the search slice.
import type { ServiceImpl } from "@connectrpc/connect";
import type { InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { SearchService } from "../service/search.service.js";

export function searchRpc(_service: SearchService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {};
}
