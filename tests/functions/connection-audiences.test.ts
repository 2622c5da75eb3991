import { describe, expect, it } from 'vitest';
import { SUPPORT_ROLES } from '../../functions/modules/chat/domain/access.js';
import { STAFF_ROLES } from '../../functions/modules/realtime/ports/connection-repository.js';
import { ALERT_WATCHER_ROLES } from '../../functions/platform/wiring/roles.js';

/**
 * Alert frames and support frames find their sockets in the staff index only (listStaff): a role
 * those audiences name that is not a staff role would silently get no frames.
 */
describe('audiences found among staff sockets', () => {
  it('every alert-watcher and support role is a staff role', () => {
    expect(ALERT_WATCHER_ROLES.filter((role) => !STAFF_ROLES.includes(role))).toEqual([]);
    expect(SUPPORT_ROLES.filter((role) => !STAFF_ROLES.includes(role))).toEqual([]);
  });

  it('drivers and partners are not staff: their sockets are found per person', () => {
    expect(STAFF_ROLES).not.toContain('driver');
    expect(STAFF_ROLES).not.toContain('partner');
  });
});
