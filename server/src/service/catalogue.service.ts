// Use cases of the inventory catalogue slice (see rpc/catalogue.rpc.ts).
import type { InventoryDeps } from "./inventory.deps.js";

export class CatalogueService {
  constructor(protected readonly deps: InventoryDeps) {}
}
