import { CsvKind, type ImportCsvRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderInventory } from "./test-support.js";

const csv = "code,name,tracking\nMH-1,Spot,SERIALIZED\nMH-1,Wash,SERIALIZED\n,Nameless,BULK\n";

function chooseFile(content: string): void {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("no file input");
  fireEvent.change(input, { target: { files: [new File([content], "catalogue.csv", { type: "text/csv" })] } });
}

describe("CSV import", () => {
  it("lists row errors from the dry run, translated, and does not offer to import", async () => {
    const requests: ImportCsvRequest[] = [];
    renderInventory({
      path: "/inventory/import",
      inventory: {
        importCsv: (request) => {
          requests.push(request);
          return {
            rows: 3,
            errors: [
              { line: 3, field: "code", reason: "DUPLICATE_CODE", message: "MH-1 is also on line 2" },
              { line: 4, field: "code", reason: "REQUIRED", message: "code is required" },
              { line: 4, field: "colour", reason: "SOMETHING_NEW", message: "server text" },
            ],
          };
        },
      },
    });
    expect(await screen.findByRole("heading", { name: "CSV import" })).toBeTruthy();
    chooseFile(csv);
    const check = screen.getByRole("button", { name: "Check file" });
    await waitFor(() => { expect(check.hasAttribute("disabled")).toBe(false); });
    fireEvent.click(check);

    const table = await screen.findByRole("list", { name: "Problems by row" });
    const rows = within(table).getAllByRole("listitem").map((row) => row.textContent);
    expect(rows).toEqual([
      "Line 3ColumncodeProblemThis code is already in use, or appears twice in the file.",
      "Line 4ColumncodeProblemA value is required.",
      "Line 4ColumncolourProblemThis value is not valid (SOMETHING_NEW).",
    ]);
    expect(screen.getByText("3 problems found")).toBeTruthy();
    expect(document.body.textContent).not.toContain("server text");
    expect(screen.getByRole("button", { name: "Import 3 rows" }).hasAttribute("disabled")).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ kind: CsvKind.PRODUCTS, dryRun: true });
    expect(new TextDecoder().decode(requests[0]?.csv)).toBe(csv);
  });

  it("imports a clean file after the dry run", async () => {
    const requests: ImportCsvRequest[] = [];
    renderInventory({
      path: "/inventory/import",
      inventory: {
        importCsv: (request) => {
          requests.push(request);
          return request.dryRun ? { rows: 2 } : { rows: 2, created: 1, updated: 1 };
        },
      },
    });
    fireEvent.click(await screen.findByRole("radio", { name: "Assets" }));
    chooseFile("product_code,tag\nMH-1,MH-0001\nMH-1,MH-0002\n");
    const check = screen.getByRole("button", { name: "Check file" });
    await waitFor(() => { expect(check.hasAttribute("disabled")).toBe(false); });
    fireEvent.click(check);
    expect(await screen.findByText("The file is valid")).toBeTruthy();
    const run = screen.getByRole("button", { name: "Import 2 rows" });
    expect(run.hasAttribute("disabled")).toBe(false);
    fireEvent.click(run);
    expect(await screen.findByText("1 created, 1 updated.")).toBeTruthy();
    expect(requests.map((request) => [request.kind, request.dryRun])).toEqual([
      [CsvKind.ASSETS, true],
      [CsvKind.ASSETS, false],
    ]);
  });
});
