import { Button, Center, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiKeysPage } from "../profile/api-keys-page.js";
import { AuditPage } from "../admin/audit-page.js";
import { RolesPage } from "../admin/roles-page.js";
import { UsersPage } from "../admin/users-page.js";
import { CurrentUserProvider, useCan } from "../auth/current-user.js";
import { InvitePage } from "../auth/invite-page.js";
import { LoginPage } from "../auth/login-page.js";
import { useSessionState } from "../auth/session-context.js";
import { SetupPage } from "../auth/setup-page.js";
import { ProfilePage } from "../profile/profile-page.js";
import { inventoryScreen } from "../inventory/routes.js";
import { planningScreen } from "../planning/routes.js";
import { crmScreen } from "../crm/routes.js";
import { quoteScreen } from "../quotes/routes.js";
import { scanningScreen } from "../scanning/routes.js";
import { FullPageLoader } from "../ui/full-page-loader.js";
import { HomePage } from "./home-page.js";
import { paths } from "./paths.js";
import { navigate, useLocation } from "./router.js";
import { Shell } from "./shell.js";

function Message({ title, text }: { title: string; text: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Stack align="center" ta="center" maw={420}>
        <Title order={3}>{title}</Title>
        <Text c="dimmed">{text}</Text>
        <Button variant="light" onClick={() => { navigate(paths.home); }}>
          {t("common.backHome")}
        </Button>
      </Stack>
    </Center>
  );
}

function Guarded({ permission, children }: { permission: string; children: ReactNode }) {
  const { t } = useTranslation();
  return useCan(permission) ? children : <Message title={t("page.noAccessTitle")} text={t("page.noAccessText")} />;
}

function Page({ pathname }: { pathname: string }) {
  const { t } = useTranslation();
  switch (pathname) {
    case paths.home:
      return <HomePage />;
    case paths.users:
      return (
        <Guarded permission="users.read">
          <UsersPage />
        </Guarded>
      );
    case paths.roles:
      return (
        <Guarded permission="roles.read">
          <RolesPage />
        </Guarded>
      );
    case paths.audit:
      return (
        <Guarded permission="audit.read">
          <AuditPage />
        </Guarded>
      );
    case paths.profile:
      return <ProfilePage />;
    case paths.apiKeys:
      return (
        <Guarded permission="api_keys.own">
          <ApiKeysPage />
        </Guarded>
      );
    default: {
      const screen = inventoryScreen(pathname) ?? planningScreen(pathname) ?? crmScreen(pathname) ?? quoteScreen(pathname) ?? scanningScreen(pathname);
      if (screen) return <Guarded permission={screen.permission}>{screen.element}</Guarded>;
      return <Message title={t("page.notFoundTitle")} text={t("page.notFoundText")} />;
    }
  }
}

export function App() {
  const { pathname } = useLocation();
  const { status, notice } = useSessionState();
  // Setup and invitation links work whether or not someone is signed in.
  if (pathname === paths.setup) return <SetupPage />;
  if (pathname === paths.invite) return <InvitePage />;
  if (status === "restoring") return <FullPageLoader />;
  if (status === "signedOut") return <LoginPage notice={notice} />;
  return (
    <CurrentUserProvider>
      <Shell>
        <Page pathname={pathname} />
      </Shell>
    </CurrentUserProvider>
  );
}
