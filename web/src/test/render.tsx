import { createRouterTransport, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { render, type RenderResult } from "@testing-library/react";
import type { i18n } from "i18next";
import type { ReactNode } from "react";
import { onTestFinished } from "vitest";
import { App } from "../app/app.js";
import { AppProviders } from "../app/providers.js";
import { createAppServices, type AppServices } from "../app/services.js";
import { createI18n } from "../i18n/i18n.js";
import type { LanguageCode } from "../i18n/languages.js";

export interface RenderAppOptions {
  /** In-memory server: `router.service(AuthService, {...})`. */
  routes: (router: ConnectRouter) => void;
  language?: LanguageCode;
  path?: string;
  /** Called before rendering, e.g. to sign in. */
  before?: (services: AppServices) => void;
  ui?: ReactNode;
  /** Interceptors closest to the server, after the app's own, e.g. one that takes the network away. */
  interceptors?: Interceptor[];
}

/** Renders the whole app (or `ui`) against an in-memory Connect server. */
export function renderApp(options: RenderAppOptions): RenderResult & { services: AppServices; i18n: i18n } {
  window.history.replaceState(null, "", options.path ?? "/");
  const services = createAppServices(
    (interceptors) => createRouterTransport(options.routes, { transport: { interceptors: [...interceptors, ...(options.interceptors ?? [])] } }),
    window.localStorage,
  );
  onTestFinished(() => { services.dispose(); });
  options.before?.(services);
  const i18n = createI18n(options.language ?? "en");
  const result = render(
    <AppProviders services={services} i18n={i18n} env="test">
      {options.ui ?? <App />}
    </AppProviders>,
  );
  return { ...result, services, i18n };
}
