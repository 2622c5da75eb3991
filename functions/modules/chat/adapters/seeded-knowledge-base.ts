import type { Article } from '../domain/facts.js';
import { bestArticle } from '../domain/knowledge-base.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';

/**
 * The articles every tenant starts with. A tenant's own articles (`/v1/kb/articles`) are searched
 * before them (tenant-knowledge-base.ts).
 */
export const SEED_ARTICLES: readonly Article[] = [
  {
    articleId: 'kb-breakdown-first-steps',
    title: 'Vehicle fault: first steps',
    intents: ['vehicle_breakdown'],
    keywords: ['start', 'overheating', 'warning light', 'smoke', 'flat', 'tyre'],
    body: 'Stop safely, switch on the hazard lights and make sure everyone is clear of traffic before checking anything.',
    steps: [
      'Pull over where it is safe and switch on the hazard lights.',
      'If the engine is overheating or the oil pressure light is on, switch the engine off and do not restart it.',
      'Check for leaks, smoke or a flat tyre only once the vehicle is safely stopped.',
      'Tell your dispatcher where you are; support can open a ticket and arrange roadside help.',
    ],
  },
  {
    articleId: 'kb-fuel-efficiency',
    title: 'Saving fuel',
    intents: ['fuel_efficiency'],
    keywords: ['fuel', 'mpg', 'idling', 'consumption', 'cost'],
    body: 'Idling burns about 3 litres an hour in a truck: switch off at stops over a minute, keep tyres at the right pressure and avoid harsh acceleration. The fleet dashboard shows fuel level per vehicle.',
  },
  {
    articleId: 'kb-route-planning',
    title: 'Planning routes and stops',
    intents: ['route_planning'],
    keywords: ['route', 'stops', 'traffic', 'eta', 'directions'],
    body: 'Dispatchers plan routes and stop order in the dispatch view; live positions on the fleet map show progress and ETA.',
  },
  {
    articleId: 'kb-billing',
    title: 'Invoices and payments',
    intents: ['billing'],
    keywords: ['invoice', 'payment', 'pay', 'plan', 'subscription', 'refund'],
    body: 'Invoices are issued monthly and can be downloaded by an admin under Settings → Billing, where the payment method and plan can also be changed. Refund requests go to support.',
  },
  {
    articleId: 'kb-account-access',
    title: 'Signing in, passwords and 2FA',
    intents: ['account_access'],
    keywords: ['login', 'password', 'reset', '2fa', 'permissions', 'users'],
    body: 'Use "Forgot password" on the sign-in page to reset your password. An admin manages users, roles and two-factor authentication under Settings → Users.',
  },
  {
    articleId: 'kb-driver-safety',
    title: 'Safety scores and badges',
    intents: ['driver_safety'],
    keywords: ['score', 'harsh', 'speeding', 'badge', 'leaderboard', 'coaching'],
    body: 'Your safety score drops with harsh braking, harsh acceleration and speeding alerts, and recovers with clean days. The Safe Driver badge is earned with no violations in 30 days.',
  },
  {
    articleId: 'kb-reports',
    title: 'Reports and exports',
    intents: ['reports'],
    keywords: ['report', 'export', 'pdf', 'csv', 'dashboard', 'scheduled'],
    body: 'Reports can be exported as PDF or CSV from the Reports page, on demand or on a schedule; dashboards show alerts by severity and over time.',
  },
  {
    articleId: 'kb-integrations',
    title: 'Webhooks and API keys',
    intents: ['integrations'],
    keywords: ['webhook', 'api', 'key', 'partner', 'rate limit'],
    body: 'Admins create API keys and webhook endpoints under Settings → Integrations. Webhooks are signed (Standard Webhooks) and retried with back-off; the API allows a per-tenant rate and answers 429 with Retry-After beyond it.',
  },
  {
    articleId: 'kb-alerts-muting',
    title: 'Too many alerts',
    intents: ['alert_explanation'],
    keywords: ['too many', 'mute', 'noise', 'disable'],
    body: 'A fleet manager can disable or re-threshold any rule under Rules; the default rule pack can be restored at any time.',
  },
];

/** The seed articles, the same for every tenant. */
export const seededKnowledgeBase: KnowledgeBase = {
  find: async (_tenantId, intent, text) => bestArticle(SEED_ARTICLES, intent, text),
};
