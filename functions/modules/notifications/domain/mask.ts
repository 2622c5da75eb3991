/**
 * Personal data in delivery records and logs is masked: a phone number keeps its country prefix
 * and last two digits (`+1•••••••03`), an e-mail its first letter and domain (`d•••@acme.example`).
 * Anything else (a push endpoint, a user id) is shortened to its last six characters.
 */
export function maskDestination(destination: string): string {
  if (/^\+\d{6,15}$/.test(destination)) {
    return `${destination.slice(0, 2)}${'•'.repeat(destination.length - 4)}${destination.slice(-2)}`;
  }
  const at = destination.indexOf('@');
  if (at > 0) return `${destination[0]}•••${destination.slice(at)}`;
  return destination.length <= 8 ? destination : `…${destination.slice(-6)}`;
}
