import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './styles/base.css';
import './styles/workspace.css';
import './styles/context.css';
import './styles/consult.css';

const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
const container = document.getElementById('root');
if (!container) throw new Error('agent.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
