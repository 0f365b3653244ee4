// What every inventory service is built from.
import type { Db } from "../store/db.js";

export interface InventoryDeps {
  db: Db;
  now: () => Date;
}
