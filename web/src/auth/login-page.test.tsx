import { Code } from "@connectrpc/connect";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { LanguageCode } from "../i18n/languages.js";
import { apiError, newPrincipal, newTokens, newUser } from "../test/factories.js";
import { renderApp } from "../test/render.js";
import { refreshTokenStorageKey } from "./session.js";

const labels = {
  en: { email: /^Email/, password: /^Password/, submit: "Sign in" },
  de: { email: /^E-Mail/, password: /^Passwort/, submit: "Anmelden" },
} as const;

function signIn(language: "en" | "de", email: string, password: string): void {
  fireEvent.change(screen.getByLabelText(labels[language].email, { selector: "input" }), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(labels[language].password, { selector: "input" }), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: labels[language].submit }));
}

describe("login page", () => {
  it("signs in, stores the refresh token and shows the user's home page", async () => {
    const tokens = newTokens();
    const seen: string[] = [];
    renderApp({
      routes: ({ service }) =>
        service(AuthService, {
          login: (request) => {
            seen.push(`${request.email}:${request.password}`);
            return { tokens, user: newUser() };
          },
          getCurrentUser: (_, context) => {
            seen.push(context.requestHeader.get("Authorization") ?? "none");
            return { principal: newPrincipal([]) };
          },
        }),
    });
    signIn("en", " ada@example.com ", "correct horse");
    expect(await screen.findByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeTruthy();
    expect(seen).toEqual(["ada@example.com:correct horse", `Bearer ${tokens.accessToken}`]);
    expect(window.localStorage.getItem(refreshTokenStorageKey)).toBe(tokens.refreshToken);
  });

  it.each<{ language: LanguageCode & ("en" | "de"); message: string; other: string }>([
    { language: "en", message: "Email or password is wrong.", other: "E-Mail-Adresse oder Passwort ist falsch." },
    { language: "de", message: "E-Mail-Adresse oder Passwort ist falsch.", other: "Email or password is wrong." },
  ])("shows INVALID_CREDENTIALS translated ($language)", async ({ language, message, other }) => {
    renderApp({
      language,
      routes: ({ service }) =>
        service(AuthService, {
          login: () => {
            throw apiError(Code.Unauthenticated, "INVALID_CREDENTIALS", "invalid email or password");
          },
        }),
    });
    signIn(language, "ada@example.com", "wrong");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe(message);
    expect(screen.queryByText(other)).toBeNull();
    expect(document.body.textContent).not.toContain("invalid email or password");
    expect(window.localStorage.getItem(refreshTokenStorageKey)).toBeNull();
  });

  it("switching to Arabic mirrors the page", async () => {
    renderApp({ routes: () => undefined });
    expect(document.documentElement.dir).toBe("ltr");
    fireEvent.click(screen.getByLabelText("العربية"));
    await waitFor(() => { expect(document.documentElement.dir).toBe("rtl"); });
    expect(document.documentElement.lang).toBe("ar");
    expect(screen.getByRole("heading", { name: "تسجيل الدخول" })).toBeTruthy();
    expect(window.localStorage.getItem("eventkit.locale")).toBe("ar");
  });
});
