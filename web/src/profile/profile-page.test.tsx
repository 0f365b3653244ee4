import { AuthService, type UpdateProfileRequest } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { newPrincipal, newTokens, newUser } from "../test/factories.js";
import { renderApp } from "../test/render.js";

describe("profile page", () => {
  it("switching the language to Arabic saves it and turns the interface right-to-left", async () => {
    let user = newUser({ locale: "en", timeZone: "Europe/Berlin" });
    const updates: UpdateProfileRequest[] = [];
    renderApp({
      path: "/profile",
      routes: ({ service }) =>
        service(AuthService, {
          getCurrentUser: () => ({ principal: newPrincipal(["users.read"], user) }),
          updateProfile: (request) => {
            updates.push(request);
            user = newUser({ displayName: request.displayName, locale: request.locale, timeZone: request.timeZone });
            return { user };
          },
        }),
      before: (services) => { services.session.signIn(newTokens()); },
    });
    expect(await screen.findByRole("heading", { name: "My profile" })).toBeTruthy();
    expect(document.documentElement.dir).toBe("ltr");

    fireEvent.click(screen.getByLabelText("العربية"));
    fireEvent.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => { expect(document.documentElement.dir).toBe("rtl"); });
    expect(document.documentElement.lang).toBe("ar");
    expect(updates.map((update) => [update.displayName, update.locale, update.timeZone])).toEqual([
      ["Ada Lovelace", "ar", "Europe/Berlin"],
    ]);
    const nav = screen.getByRole("navigation", { name: "التنقل الرئيسي" });
    expect(within(nav).getByRole("link", { name: "المستخدمون" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "ملفي الشخصي" })).toBeTruthy();
  });
});
