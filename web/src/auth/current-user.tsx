import { useQuery } from "@connectrpc/connect-query";
import { AuthService, type Principal } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Button, Center, Group, Stack } from "@mantine/core";
import { createContext, use, useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isLanguageCode, languageStorageKey } from "../i18n/languages.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { FullPageLoader } from "../ui/full-page-loader.js";
import { useSignOut } from "./use-sign-out.js";

const PrincipalContext = createContext<Principal | undefined>(undefined);

/** The signed-in principal (user and effective permissions). */
export function usePrincipal(): Principal {
  const principal = use(PrincipalContext);
  if (principal === undefined) throw new Error("usePrincipal needs a CurrentUserProvider");
  return principal;
}

export function useCan(permission: string): boolean {
  return usePrincipal().permissions.includes(permission);
}

/** The signed-in user's locale and time zone, for Intl formatting. */
export function useUserFormat(): { locale: string; timeZone: string | undefined } {
  const { i18n } = useTranslation();
  const user = usePrincipal().user;
  return { locale: i18n.language, timeZone: user?.timeZone || undefined };
}

/** Loads GetCurrentUser once signed in and switches the interface to the user's language. */
export function CurrentUserProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const signOut = useSignOut();
  const query = useQuery(AuthService.method.getCurrentUser, {});
  const locale = query.data?.principal?.user?.locale ?? "";

  useEffect(() => {
    if (!isLanguageCode(locale)) return;
    window.localStorage.setItem(languageStorageKey, locale);
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);

  const principal = query.data?.principal;
  if (principal !== undefined) return <PrincipalContext value={principal}>{children}</PrincipalContext>;
  if (query.isPending) return <FullPageLoader />;
  return (
    <Center h="100dvh" p="md">
      <Stack maw={420} w="100%">
        <ErrorAlert error={query.error} title={t("errors.loadFailed")} />
        <Group>
          <Button onClick={() => void query.refetch()}>{t("common.retry")}</Button>
          <Button variant="default" onClick={() => void signOut()}>
            {t("shell.signOut")}
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
