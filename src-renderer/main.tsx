/** Renderer entry: connect the store to the engine, then mount the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './app/App';
import { startEngineBridge } from './app/engineBridge';
import { trackwireStore } from './app/store';
import { initTheme } from './app/theme';
import './styles.css';

initTheme();
startEngineBridge(getApi(), trackwireStore);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
