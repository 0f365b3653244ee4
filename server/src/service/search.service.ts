// Use cases of the inventory search slice (see rpc/search.rpc.ts).
import type { InventoryDeps } from "./inventory.deps.js";

export class SearchService {
  constructor(protected readonly deps: InventoryDeps) {}
}
