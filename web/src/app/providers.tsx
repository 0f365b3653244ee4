import { TransportProvider } from "@connectrpc/connect-query";
import { DirectionProvider, MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import type { i18n } from "i18next";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { SessionContext } from "../auth/session-context.js";
import { directionOf } from "../i18n/languages.js";
import { LanguageSync } from "./language-sync.js";
import type { AppServices } from "./services.js";
import { theme } from "./theme.js";

export function AppProviders({
  services,
  i18n,
  env = "default",
  children,
}: {
  services: AppServices;
  i18n: i18n;
  /** "test" turns off Mantine's transitions and portals. */
  env?: "default" | "test";
  children: ReactNode;
}) {
  return (
    <I18nextProvider i18n={i18n}>
      <DirectionProvider initialDirection={directionOf(i18n.language)}>
        <MantineProvider theme={theme} defaultColorScheme="auto" env={env}>
          <LanguageSync />
          <SessionContext value={services.session}>
            <TransportProvider transport={services.transport}>
              <QueryClientProvider client={services.queryClient}>{children}</QueryClientProvider>
            </TransportProvider>
          </SessionContext>
        </MantineProvider>
      </DirectionProvider>
    </I18nextProvider>
  );
}
