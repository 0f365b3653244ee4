import { useMutation } from "@connectrpc/connect-query";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../ui/error-alert.js";
import { AuthLayout } from "./auth-layout.js";
import type { SignOutNotice } from "./session.js";
import { useSession } from "./session-context.js";
import { PasswordInput } from "../ui/password-input.js";

export function LoginPage({ notice }: { notice?: SignOutNotice | undefined }) {
  const { t } = useTranslation();
  const session = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation(AuthService.method.login, {
    onSuccess: (response) => { session.signIn(response.tokens); },
  });

  return (
    <AuthLayout title={t("login.title")} subtitle={t("login.subtitle")}>
      {notice && !login.error ? (
        <Alert color={notice === "serverUnreachable" ? "orange" : "blue"} variant="light">
          {t(`login.notice.${notice}`)}
        </Alert>
      ) : null}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          login.mutate({ email: email.trim(), password });
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={login.error} />
          <TextInput
            label={t("fields.email")}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => { setEmail(event.currentTarget.value); }}
          />
          <PasswordInput
            label={t("fields.password")}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => { setPassword(event.currentTarget.value); }}
          />
          <Button type="submit" loading={login.isPending} disabled={!email.trim() || !password} fullWidth mt="xs">
            {t("login.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
