import type { JSX } from 'preact';
import { hasAnyRole, type Role } from '../auth/roles.js';
import { ChatListScreen } from './chat/ChatListScreen.js';
import { ConversationScreen } from './chat/ConversationScreen.js';
import { HELP_ROLES, TICKET_AGENT_ROLES } from './chat/support-roles.js';
import { NotFoundScreen } from './screens/NotFoundScreen.js';
import { TicketQueueScreen } from './tickets/TicketQueueScreen.js';
import { TicketScreen } from './tickets/TicketScreen.js';

/**
 * The support routes (`/help`, `/help/{conversationId}`, `/tickets`, `/tickets/{ticketId}`) for
 * `roles`; undefined for any other path. A role that may not use a screen gets "not found".
 */
export function chatScreen(path: string, roles: readonly Role[]): JSX.Element | undefined {
  if (path === '/help' || path.startsWith('/help/')) {
    if (!hasAnyRole(roles, HELP_ROLES)) return <NotFoundScreen />;
    if (path === '/help') return <ChatListScreen />;
    const id = decodeURIComponent(path.slice('/help/'.length));
    return <ConversationScreen key={id} conversationId={id} />;
  }
  if (path === '/tickets' || path.startsWith('/tickets/')) {
    if (!hasAnyRole(roles, TICKET_AGENT_ROLES)) return <NotFoundScreen />;
    if (path === '/tickets') return <TicketQueueScreen />;
    const id = decodeURIComponent(path.slice('/tickets/'.length));
    return <TicketScreen key={id} ticketId={id} />;
  }
  return undefined;
}
