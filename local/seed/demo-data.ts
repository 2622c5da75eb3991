import type { Tenant, User, Vehicle } from '../../functions/modules/fleet/domain/fleet.js';

/**
 * The demo fleet of the product contract ("Demo data"): two tenants, users of every role, vehicles with
 * drivers who have phone numbers. Numbers are in the 555-01xx range reserved for fiction.
 * Local-only: nothing here is deployed.
 */
export interface DemoTenant {
  readonly tenant: Tenant;
  readonly users: readonly User[];
  readonly vehicles: readonly Vehicle[];
  /** Where the simulator drives this tenant's fleet (a loop of waypoints, lat/lng). */
  readonly depot: { readonly lat: number; readonly lng: number };
}

const acme: DemoTenant = {
  tenant: { tenantId: 'acme', name: 'Acme Logistics', onCallPhone: '+13125550100' },
  depot: { lat: 41.8781, lng: -87.6298 },
  users: [
    { userId: 'acme-admin', name: 'Alice Admin', roles: ['admin'], phone: '+13125550101', email: 'alice@acme.example' },
    {
      userId: 'acme-manager',
      name: 'Marcus Manager',
      roles: ['fleet_manager'],
      phone: '+13125550102',
      email: 'marcus@acme.example',
    },
    {
      userId: 'acme-dispatcher',
      name: 'Dana Dispatch',
      roles: ['dispatcher'],
      phone: '+13125550103',
      email: 'dana@acme.example',
    },
    { userId: 'acme-agent', name: 'Sam Support', roles: ['agent'], phone: '+13125550104', email: 'sam@acme.example' },
    {
      userId: 'acme-partner',
      name: 'Telematix Integration',
      roles: ['partner'],
      email: 'integrations@telematix.example',
    },
    {
      userId: 'acme-driver-1',
      name: 'Diego Ruiz',
      roles: ['driver'],
      phone: '+13125550111',
      email: 'diego@acme.example',
    },
    {
      userId: 'acme-driver-2',
      name: 'Priya Shah',
      roles: ['driver'],
      phone: '+13125550112',
      email: 'priya@acme.example',
    },
    {
      userId: 'acme-driver-3',
      name: 'Tom Becker',
      roles: ['driver'],
      phone: '+13125550113',
      email: 'tom@acme.example',
    },
    {
      userId: 'acme-driver-4',
      name: 'Lena Novak',
      roles: ['driver'],
      phone: '+13125550114',
      email: 'lena@acme.example',
    },
    {
      userId: 'acme-driver-5',
      name: 'Kwame Mensah',
      roles: ['driver'],
      phone: '+13125550115',
      email: 'kwame@acme.example',
    },
  ].map((user) => ({ tenantId: 'acme', ...user }) as User),
  vehicles: [
    { vehicleId: 'TRK-101', name: 'Volvo FH 500', type: 'truck', driverId: 'acme-driver-1' },
    { vehicleId: 'TRK-102', name: 'Scania R 450', type: 'truck', driverId: 'acme-driver-2' },
    { vehicleId: 'TRK-103', name: 'Freightliner Cascadia', type: 'truck', driverId: 'acme-driver-3' },
    { vehicleId: 'VAN-12', name: 'Ford Transit', type: 'van', driverId: 'acme-driver-4' },
    { vehicleId: 'VAN-14', name: 'Mercedes Sprinter', type: 'van', driverId: 'acme-driver-5' },
  ].map((vehicle) => ({ tenantId: 'acme', ...vehicle }) as Vehicle),
};

const globex: DemoTenant = {
  tenant: { tenantId: 'globex', name: 'Globex Freight', onCallPhone: '+14155550100' },
  depot: { lat: 37.7749, lng: -122.4194 },
  users: [
    {
      userId: 'globex-admin',
      name: 'Hank Scorpio',
      roles: ['admin'],
      phone: '+14155550101',
      email: 'hank@globex.example',
    },
    {
      userId: 'globex-manager',
      name: 'Grace Okafor',
      roles: ['fleet_manager'],
      phone: '+14155550102',
      email: 'grace@globex.example',
    },
    {
      userId: 'globex-dispatcher',
      name: 'Ivan Petrov',
      roles: ['dispatcher'],
      phone: '+14155550103',
      email: 'ivan@globex.example',
    },
    { userId: 'globex-agent', name: 'Mei Chen', roles: ['agent'], phone: '+14155550104', email: 'mei@globex.example' },
    {
      userId: 'globex-partner',
      name: 'FleetLink Integration',
      roles: ['partner'],
      email: 'api@fleetlink.example',
    },
    {
      userId: 'globex-driver-1',
      name: 'Rosa Alvarez',
      roles: ['driver'],
      phone: '+14155550111',
      email: 'rosa@globex.example',
    },
    {
      userId: 'globex-driver-2',
      name: 'Omar Haddad',
      roles: ['driver'],
      phone: '+14155550112',
      email: 'omar@globex.example',
    },
    {
      userId: 'globex-driver-3',
      name: 'Jack Wilson',
      roles: ['driver'],
      phone: '+14155550113',
      email: 'jack@globex.example',
    },
  ].map((user) => ({ tenantId: 'globex', ...user }) as User),
  vehicles: [
    { vehicleId: 'TRK-201', name: 'Peterbilt 579', type: 'truck', driverId: 'globex-driver-1' },
    { vehicleId: 'TRK-202', name: 'Kenworth T680', type: 'truck', driverId: 'globex-driver-2' },
    { vehicleId: 'VAN-21', name: 'Ram ProMaster', type: 'van', driverId: 'globex-driver-3' },
  ].map((vehicle) => ({ tenantId: 'globex', ...vehicle }) as Vehicle),
};

export const DEMO_TENANTS: readonly DemoTenant[] = [acme, globex];
