import { useMutation } from "@connectrpc/connect-query";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { usePrincipal } from "../auth/current-user.js";
import { NewPasswordFields, passwordProblem } from "../auth/password-fields.js";
import { useSession } from "../auth/session-context.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { LanguageField, TimeZoneField } from "../ui/fields.js";
import { PageHeader } from "../ui/page-header.js";
import { browserTimeZone } from "../ui/time-zones.js";
import { PasswordInput } from "../ui/password-input.js";

function ProfileForm() {
  const { t, i18n } = useTranslation();
  const user = usePrincipal().user;
  const invalidate = useInvalidate();
  const [displayName, setDisplayName] = useState(user?.displayName ?? "");
  const [locale, setLocale] = useState(user?.locale || i18n.language);
  const [timeZone, setTimeZone] = useState(user?.timeZone || browserTimeZone());
  const update = useMutation(AuthService.method.updateProfile, {
    // GetCurrentUser carries the locale; refetching it switches the interface language.
    onSuccess: () => invalidate(AuthService.method.getCurrentUser, AuthService.method.listUsers),
  });
  const valid = displayName.trim() !== "" && timeZone !== "";
  return (
    <Paper withBorder p="lg" radius="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) update.mutate({ displayName: displayName.trim(), locale, timeZone });
        }}
      >
        <Stack gap="sm">
          <Title order={4}>{t("profile.details")}</Title>
          <ErrorAlert error={update.error} />
          <TextInput label={t("fields.email")} value={user?.email ?? ""} readOnly variant="filled" dir="ltr" />
          <TextInput
            label={t("fields.displayName")}
            required
            value={displayName}
            onChange={(event) => { setDisplayName(event.currentTarget.value); }}
          />
          <LanguageField value={locale} onChange={setLocale} />
          <TimeZoneField value={timeZone} onChange={setTimeZone} />
          <Group justify="space-between" mt="xs">
            <Text size="sm" c="teal" role="status">
              {update.isSuccess ? t("common.saved") : ""}
            </Text>
            <Button type="submit" loading={update.isPending} disabled={!valid}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const session = useSession();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const change = useMutation(AuthService.method.changePassword, {
    onSuccess: (response) => {
      // Other sessions were signed out; this one continues with the new pair.
      session.signIn(response.tokens);
      setCurrent("");
      setPassword("");
      setConfirmation("");
    },
  });
  const valid = current !== "" && passwordProblem(password, confirmation) === undefined;
  return (
    <Paper withBorder p="lg" radius="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) change.mutate({ currentPassword: current, newPassword: password });
        }}
      >
        <Stack gap="sm">
          <Title order={4}>{t("profile.changePassword")}</Title>
          <Text size="sm" c="dimmed">
            {t("profile.changePasswordHint")}
          </Text>
          <ErrorAlert error={change.error} />
          <PasswordInput
            label={t("fields.currentPassword")}
            autoComplete="current-password"
            required
            value={current}
            onChange={(event) => { setCurrent(event.currentTarget.value); }}
          />
          <NewPasswordFields
            password={password}
            confirmation={confirmation}
            onPassword={setPassword}
            onConfirmation={setConfirmation}
          />
          <Group justify="space-between" mt="xs">
            <Text size="sm" c="teal" role="status">
              {change.isSuccess ? t("profile.passwordChanged") : ""}
            </Text>
            <Button type="submit" loading={change.isPending} disabled={!valid}>
              {t("profile.changePasswordSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("profile.title")} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" maw={1100}>
        <ProfileForm />
        <PasswordForm />
      </SimpleGrid>
    </>
  );
}
