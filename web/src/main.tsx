import "@mantine/core/styles.css";
import { createConnectTransport } from "@connectrpc/connect-web";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.js";
import { AppProviders } from "./app/providers.js";
import { createAppServices } from "./app/services.js";
import { createI18n } from "./i18n/i18n.js";
import { detectLanguage } from "./i18n/languages.js";

const services = createAppServices(
  (interceptors) =>
    createConnectTransport({ baseUrl: window.location.origin, useBinaryFormat: false, interceptors }),
  window.localStorage,
);
const i18n = createI18n(detectLanguage(window.localStorage, navigator.languages));
void services.session.restore();

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <AppProviders services={services} i18n={i18n}>
      <App />
    </AppProviders>
  </StrictMode>,
);
