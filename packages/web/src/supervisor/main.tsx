import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../agent/styles/base.css';
import '../agent/styles/workspace.css';
import './supervisor.css';
import './settings.css';
import { SupervisorApp } from './supervisor-app.tsx';

const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
const container = document.getElementById('root');
if (!container) throw new Error('supervisor.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SupervisorApp />
    </QueryClientProvider>
  </StrictMode>,
);
