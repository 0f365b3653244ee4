import { useTranslation } from "react-i18next";
import { PasswordInput } from "../ui/password-input.js";

export const minPasswordLength = 12;

/** A new password and its confirmation; `valid` when long enough and equal. */
export function passwordProblem(password: string, confirmation: string): "tooShort" | "mismatch" | undefined {
  if (password.length < minPasswordLength) return "tooShort";
  if (password !== confirmation) return "mismatch";
  return undefined;
}

export function NewPasswordFields({
  password,
  confirmation,
  onPassword,
  onConfirmation,
  label,
}: {
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const tooShort = password.length > 0 && password.length < minPasswordLength;
  const mismatch = confirmation.length > 0 && password !== confirmation;
  return (
    <>
      <PasswordInput
        label={label ?? t("fields.newPassword")}
        description={t("fields.passwordHint", { count: minPasswordLength })}
        autoComplete="new-password"
        required
        value={password}
        error={tooShort ? t("fields.passwordTooShort", { count: minPasswordLength }) : undefined}
        onChange={(event) => { onPassword(event.currentTarget.value); }}
      />
      <PasswordInput
        label={t("fields.confirmPassword")}
        autoComplete="new-password"
        required
        value={confirmation}
        error={mismatch ? t("fields.passwordMismatch") : undefined}
        onChange={(event) => { onConfirmation(event.currentTarget.value); }}
      />
    </>
  );
}
