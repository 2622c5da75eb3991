/** Moves focus to the form's first invalid field (WCAG 3.3.1: the error is where the user is). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  (invalid ?? form?.querySelector<HTMLElement>('.form-error'))?.focus();
}
