// fleetops local-stack page: sign in through POST /dev/token, live alerts over the WebSocket API,
// recent alerts from GET /v1/alerts. Plain ES module, no build step; the full PWA is web/src (later).
// Where the APIs are comes from /config.json: the web stack deploys it in AWS, the local stack
// serves its twin (with devTokenUrl, which only the local stack has).

/** Demo identities seeded by the local stack (local/seed/demo-data.ts). */
const DEMO_USERS = [
  {
    tenantId: 'acme',
    tenantName: 'Acme Logistics',
    userId: 'acme-dispatcher',
    name: 'Dana Dispatch',
    roles: ['dispatcher'],
  },
  {
    tenantId: 'acme',
    tenantName: 'Acme Logistics',
    userId: 'acme-manager',
    name: 'Marcus Manager',
    roles: ['fleet_manager'],
  },
  { tenantId: 'acme', tenantName: 'Acme Logistics', userId: 'acme-admin', name: 'Alice Admin', roles: ['admin'] },
  {
    tenantId: 'globex',
    tenantName: 'Globex Freight',
    userId: 'globex-dispatcher',
    name: 'Ivan Petrov',
    roles: ['dispatcher'],
  },
  {
    tenantId: 'globex',
    tenantName: 'Globex Freight',
    userId: 'globex-manager',
    name: 'Grace Okafor',
    roles: ['fleet_manager'],
  },
  { tenantId: 'globex', tenantName: 'Globex Freight', userId: 'globex-admin', name: 'Hank Scorpio', roles: ['admin'] },
];
const VEHICLES = {
  acme: ['TRK-101', 'TRK-102', 'TRK-103', 'VAN-12', 'VAN-14'],
  globex: ['TRK-201', 'TRK-202', 'VAN-21'],
};
const ROLE_NAMES = { admin: 'admin', fleet_manager: 'fleet manager', dispatcher: 'dispatcher' };
const SESSION_KEY = 'fleetops.session';

const $ = (id) => document.getElementById(id);
let config;
let socket;
let reconnectTimer;
let session = readSession();

function readSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    if (saved && JSON.parse(atob(saved.token.split('.')[1])).exp * 1000 > Date.now() + 60_000) return saved;
  } catch {
    // A corrupt or expired session just means signing in again.
  }
  return undefined;
}

async function requestToken(tenantId, userId, roles) {
  const response = await fetch(config.devTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId, userId, roles }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? `Sign-in failed (${response.status})`);
  return body.token;
}

function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function alertItem(alert) {
  const item = document.createElement('li');
  item.className = `severity-${alert.severity}`;
  const heading = document.createElement('p');
  const label = document.createElement('span');
  label.className = 'severity-label';
  label.textContent = alert.severity;
  heading.append(label, ` ${alert.type} on ${alert.vehicleId}`);
  const message = document.createElement('p');
  message.textContent = alert.message;
  const time = document.createElement('p');
  time.className = 'hint';
  const stamp = document.createElement('time');
  stamp.dateTime = alert.raisedAt;
  stamp.textContent = formatTime(alert.raisedAt);
  time.append('Raised ', stamp);
  item.append(heading, message, time);
  return item;
}

function setStatus(text) {
  $('connection-status').textContent = text;
}

function connect() {
  clearTimeout(reconnectTimer);
  socket = new WebSocket(`${config.webSocketUrl}?token=${encodeURIComponent(session.token)}`);
  setStatus('Connecting to live alerts…');
  socket.addEventListener('open', () => setStatus('Connected: new alerts appear below as they are raised.'));
  socket.addEventListener('message', (event) => {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (frame.type === 'alert.raised') {
      $('live-empty').hidden = true;
      $('live-alerts').prepend(alertItem(frame.data));
      void loadRecent();
    }
  });
  socket.addEventListener('close', () => {
    if (!session) return;
    setStatus('Disconnected. Reconnecting in 5 seconds…');
    reconnectTimer = setTimeout(connect, 5000);
  });
}

async function loadRecent() {
  const status = $('recent-status');
  status.textContent = 'Loading recent alerts…';
  const response = await fetch(`${config.httpApiUrl}/v1/alerts?limit=20`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  const body = await response.json();
  if (!response.ok) {
    status.textContent = `Could not load alerts: ${body.message ?? response.status}`;
    return;
  }
  const rows = body.items.map((alert) => {
    const row = document.createElement('tr');
    for (const value of [
      formatTime(alert.raisedAt),
      alert.severity,
      alert.type,
      alert.vehicleId,
      alert.status,
      alert.message,
    ]) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    return row;
  });
  $('recent-alerts').replaceChildren(...rows);
  $('recent-table').hidden = rows.length === 0;
  status.textContent = rows.length === 0 ? 'No alerts yet for this tenant.' : `${rows.length} most recent alerts.`;
}

function showDashboard() {
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  $('who').hidden = false;
  $('who').textContent =
    `${session.name} (${session.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')}, ${session.tenantName})`;
  $('tenant-name').textContent = session.tenantName;
  $('vehicle').replaceChildren(
    ...(VEHICLES[session.tenantId] ?? []).map((id) =>
      Object.assign(document.createElement('option'), { value: id, textContent: id }),
    ),
  );
  $('main').focus();
  connect();
  void loadRecent();
}

function showSignIn() {
  $('sign-in').hidden = false;
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('who').hidden = true;
}

function init() {
  $('identity').replaceChildren(
    ...DEMO_USERS.map((user, index) =>
      Object.assign(document.createElement('option'), {
        value: String(index),
        textContent: `${user.name} — ${ROLE_NAMES[user.roles[0]]}, ${user.tenantName}`,
      }),
    ),
  );
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = DEMO_USERS[Number($('identity').value)];
    const error = $('sign-in-error');
    error.hidden = true;
    try {
      const token = await requestToken(user.tenantId, user.userId, user.roles);
      session = { ...user, token };
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
      showDashboard();
    } catch (cause) {
      error.textContent = cause.message;
      error.hidden = false;
    }
  });
  $('sign-out').addEventListener('click', () => {
    session = undefined;
    sessionStorage.removeItem(SESSION_KEY);
    clearTimeout(reconnectTimer);
    socket?.close();
    $('live-alerts').replaceChildren();
    $('live-empty').hidden = false;
    showSignIn();
    $('identity').focus();
  });
  $('refresh').addEventListener('click', () => void loadRecent());
  $('fault-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = $('fault-status');
    status.textContent = 'Sending…';
    try {
      const partnerToken = await requestToken(session.tenantId, `${session.tenantId}-partner`, ['partner']);
      const response = await fetch(`${config.httpApiUrl}/v1/telemetry`, {
        method: 'POST',
        headers: { authorization: `Bearer ${partnerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          readings: [{ vehicleId: $('vehicle').value, ts: new Date().toISOString(), engineTemp: 120, oilPressure: 10 }],
        }),
      });
      const body = await response.json();
      status.textContent = response.ok
        ? `Accepted ${body.accepted} reading. Watch for the alert above.`
        : `Refused: ${body.message ?? response.status}`;
    } catch (cause) {
      status.textContent = `Could not send: ${cause.message}`;
    }
  });
  if (session) showDashboard();
  else showSignIn();
}

/** Loads /config.json, then wires the page; without it the page cannot know where the APIs are. */
async function start() {
  const error = $('sign-in-error');
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`it answered ${response.status}`);
    config = await response.json();
  } catch (cause) {
    showSignIn();
    error.textContent = `Cannot load /config.json (${cause.message}); the page does not know where the APIs are.`;
    error.hidden = false;
    return;
  }
  init();
  if (!config.devTokenUrl) {
    // Deployed: demo sign-in does not exist there; users sign in through Cognito in the PWA.
    showSignIn();
    $('sign-in-form').querySelector('button[type=submit]').disabled = true;
    error.textContent = 'Demo sign-in is only available on the local stack (npm start).';
    error.hidden = false;
  }
}

void start();
