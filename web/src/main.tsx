import { render } from 'preact';
import { registerServiceWorker } from './pwa/register-service-worker.js';
import { boot } from './state/app-controller.js';
import { listenToHistory } from './state/router.js';
import { App } from './ui/App.js';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  listenToHistory();
  render(<App />, root);
  void boot();
  registerServiceWorker();
}
