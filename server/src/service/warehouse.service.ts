// Use cases of the inventory warehouse slice (see rpc/warehouse.rpc.ts).
import type { InventoryDeps } from "./inventory.deps.js";

export class WarehouseService {
  constructor(protected readonly deps: InventoryDeps) {}
}
