import { CompanyRole, type CreateCompanyRequest } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { cids, newCompany, renderCrm } from "./test-support.js";

describe("creating a company", () => {
  it("shows the existing company on a duplicate and creates only when asked again", async () => {
    const requests: CreateCompanyRequest[] = [];
    renderCrm({
      path: "/crm/companies",
      crm: {
        listCompanies: () => ({ companies: [] }),
        createCompany: (req) => {
          requests.push(req);
          return req.allowDuplicate ? { company: newCompany({ id: "a1b2c3d4-0000-4000-8000-0000000000ff", name: req.company?.name ?? "" }) } : { duplicates: [newCompany()] };
        },
        getCompany: () => ({ company: newCompany({ id: "a1b2c3d4-0000-4000-8000-0000000000ff" }), contacts: [], deals: [] }),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "New company" }));
    const dialog = await screen.findByRole("dialog", { name: "New company" });
    fireEvent.change(within(dialog).getByRole("textbox", { name: /Name/ }), { target: { value: "ACME events" } });
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "Supplier" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByText("Possible duplicate")).toBeTruthy();
    expect(within(dialog).getByRole("link", { name: "Acme Events" }).getAttribute("href")).toBe(`/crm/companies/${cids.company}`);
    expect(requests[0]).toMatchObject({ allowDuplicate: false, company: { name: "ACME events", roles: [CompanyRole.CLIENT, CompanyRole.SUPPLIER] } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Create anyway" }));
    await waitFor(() => { expect(window.location.pathname).toBe("/crm/companies/a1b2c3d4-0000-4000-8000-0000000000ff"); });
    expect(requests[1]).toMatchObject({ allowDuplicate: true });
  });
});
