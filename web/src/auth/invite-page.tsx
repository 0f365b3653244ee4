import { useMutation } from "@connectrpc/connect-query";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Alert, Button, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { paths } from "../app/paths.js";
import { navigate, useLocation } from "../app/router.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { AuthLayout } from "./auth-layout.js";
import { NewPasswordFields, passwordProblem } from "./password-fields.js";
import { useSession } from "./session-context.js";

/** `/invite#<token>`: an invited user chooses a password and is signed in. */
export function InvitePage() {
  const { t } = useTranslation();
  const session = useSession();
  const inviteToken = useLocation().hash.slice(1);
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const accept = useMutation(AuthService.method.acceptInvite, {
    onSuccess: (response) => {
      session.signIn(response.tokens);
      navigate(paths.home, { replace: true });
    },
  });
  const valid = passwordProblem(password, confirmation) === undefined;

  if (!inviteToken) {
    return (
      <AuthLayout title={t("invite.title")}>
        <Alert color="orange" variant="light">
          {t("invite.missingToken")}
        </Alert>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t("invite.title")} subtitle={t("invite.subtitle")}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) accept.mutate({ inviteToken, password });
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={accept.error} />
          <NewPasswordFields
            label={t("fields.password")}
            password={password}
            confirmation={confirmation}
            onPassword={setPassword}
            onConfirmation={setConfirmation}
          />
          <Button type="submit" loading={accept.isPending} disabled={!valid} fullWidth mt="xs">
            {t("invite.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
