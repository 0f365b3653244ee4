import { useMutation } from "@connectrpc/connect-query";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Alert, Anchor, Button, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { paths } from "../app/paths.js";
import { followLink, navigate, useLocation } from "../app/router.js";
import { errorReason } from "../errors.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { AuthLayout } from "./auth-layout.js";
import { NewPasswordFields, passwordProblem } from "./password-fields.js";
import { useSession } from "./session-context.js";

/** `/setup#<token>`: creates the first administrator with the token the server printed. */
export function SetupPage() {
  const { t } = useTranslation();
  const session = useSession();
  const setupToken = useLocation().hash.slice(1);
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const setup = useMutation(AuthService.method.completeSetup, {
    onSuccess: (response) => {
      session.signIn(response.tokens);
      navigate(paths.home, { replace: true });
    },
  });
  const valid = email.includes("@") && displayName.trim() !== "" && passwordProblem(password, confirmation) === undefined;
  const alreadyDone = errorReason(setup.error) === "SETUP_NOT_AVAILABLE";

  if (!setupToken) {
    return (
      <AuthLayout title={t("setup.title")}>
        <Alert color="orange" variant="light">
          {t("setup.missingToken")}
        </Alert>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t("setup.title")} subtitle={t("setup.subtitle")}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) setup.mutate({ setupToken, email: email.trim(), displayName: displayName.trim(), password });
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={setup.error} />
          {alreadyDone ? (
            <Anchor href={paths.home} onClick={(event) => { followLink(event, paths.home); }}>
              {t("setup.goToLogin")}
            </Anchor>
          ) : null}
          <TextInput
            label={t("fields.email")}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => { setEmail(event.currentTarget.value); }}
          />
          <TextInput
            label={t("fields.displayName")}
            autoComplete="name"
            required
            value={displayName}
            onChange={(event) => { setDisplayName(event.currentTarget.value); }}
          />
          <NewPasswordFields
            label={t("fields.password")}
            password={password}
            confirmation={confirmation}
            onPassword={setPassword}
            onConfirmation={setConfirmation}
          />
          <Button type="submit" loading={setup.isPending} disabled={!valid} fullWidth mt="xs">
            {t("setup.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
