import { Anchor, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useCan, usePrincipal } from "../auth/current-user.js";
import { inventoryPaths } from "../inventory/paths.js";
import { paths } from "./paths.js";
import { followLink } from "./router.js";

function Step({ to, label, hint }: { to: string; label: string; hint: string }) {
  return (
    <List.Item>
      <Anchor href={to} onClick={(event) => { followLink(event, to); }} fw={500}>
        {label}
      </Anchor>
      <Text size="sm" c="dimmed">
        {hint}
      </Text>
    </List.Item>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const user = usePrincipal().user;
  const canManageUsers = useCan("users.manage");
  const canManageRoles = useCan("roles.manage");
  const canUseApiKeys = useCan("api_keys.own");
  const canManageInventory = useCan("inventory.manage");
  return (
    <Stack maw={720} gap="lg">
      <Title order={2}>{t("home.welcome", { name: user?.displayName ?? "" })}</Title>
      <Paper withBorder p="lg" radius="md">
        <Stack gap="sm">
          <Title order={4}>{t("home.nextTitle")}</Title>
          <Text c="dimmed">{t("home.nextIntro")}</Text>
          <List spacing="sm">
            {canManageInventory ? <Step to={inventoryPaths.locations} label={t("home.locations")} hint={t("home.locationsHint")} /> : null}
            {canManageInventory ? <Step to={inventoryPaths.products} label={t("home.catalogue")} hint={t("home.catalogueHint")} /> : null}
            {canManageUsers ? <Step to={paths.users} label={t("home.inviteTeam")} hint={t("home.inviteTeamHint")} /> : null}
            {canManageRoles ? <Step to={paths.roles} label={t("home.reviewRoles")} hint={t("home.reviewRolesHint")} /> : null}
            <Step to={paths.profile} label={t("home.profile")} hint={t("home.profileHint")} />
            {canUseApiKeys ? <Step to={paths.apiKeys} label={t("home.apiKeys")} hint={t("home.apiKeysHint")} /> : null}
          </List>
        </Stack>
      </Paper>
      <Text size="sm" c="dimmed">
        {t("home.comingSoon")}
      </Text>
    </Stack>
  );
}
