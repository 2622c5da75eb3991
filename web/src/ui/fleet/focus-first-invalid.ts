/**
 * Moves focus to the first invalid field inside `form` (a form, or the element holding it and its
 * message), else to its `.form-error` message (WCAG 3.3.1: the error is where the user is).
 */
export function focusFirstInvalid(form: HTMLElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  (invalid ?? form?.querySelector<HTMLElement>('.form-error'))?.focus();
}
