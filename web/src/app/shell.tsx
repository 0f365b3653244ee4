import { AppShell, Avatar, Burger, Group, Menu, NavLink, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { usePrincipal } from "../auth/current-user.js";
import { GlobalSearch } from "../inventory/global-search.js";
import { useSignOut } from "../auth/use-sign-out.js";
import { paths, visibleNavItems } from "./paths.js";
import { followLink, navigate, useLocation } from "./router.js";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return parts
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join("");
}

function isActive(itemPath: string, pathname: string): boolean {
  return itemPath === paths.home ? pathname === paths.home : pathname === itemPath || pathname.startsWith(`${itemPath}/`);
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const principal = usePrincipal();
  const signOut = useSignOut();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const user = principal.user;
  const name = user?.displayName || user?.email || "";
  const canUseApiKeys = principal.permissions.includes("api_keys.own");
  const canSearch = principal.permissions.includes("inventory.read");
  const items = visibleNavItems(principal.permissions);

  const go = (path: string): void => {
    close();
    navigate(path);
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t("shell.closeMenu") : t("shell.openMenu")}
            />
            <Text
              component="a"
              href={paths.home}
              onClick={(event) => { followLink(event, paths.home); }}
              fw={700}
              size="lg"
              c="inherit"
              td="none"
            >
              {t("app.name")}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
          {canSearch ? <GlobalSearch /> : null}
          <Menu position="bottom-end" width={220} withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label={t("shell.userMenu")}>
                <Group gap="xs" wrap="nowrap">
                  <Avatar radius="xl" size="sm" color="indigo">
                    {initials(name)}
                  </Avatar>
                  <Text size="sm" visibleFrom="sm" maw={200} truncate="end">
                    {name}
                  </Text>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{user?.email}</Menu.Label>
              <Menu.Item onClick={() => { go(paths.profile); }}>{t("shell.profile")}</Menu.Item>
              {canUseApiKeys ? <Menu.Item onClick={() => { go(paths.apiKeys); }}>{t("shell.apiKeys")}</Menu.Item> : null}
              <Menu.Divider />
              <Menu.Item color="red" onClick={() => void signOut()}>
                {t("shell.signOut")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("shell.navigation")} style={{ overflowY: "auto" }}>
        {items.map((item, index) => (
          <Fragment key={item.path}>
            {item.group && item.group !== items[index - 1]?.group ? (
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
                {t(item.group)}
              </Text>
            ) : null}
            <NavLink
              component="a"
              href={item.path}
              label={t(item.label)}
              active={isActive(item.path, pathname)}
              onClick={(event) => {
                followLink(event, item.path);
                close();
              }}
            />
          </Fragment>
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
