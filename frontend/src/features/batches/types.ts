export interface RowError {
  row: number;
  field: string | null;
  message: string;
}

export interface Batch {
  id: number;
  status: string;
  template?: number | null;
  template_name?: string | null;
  provider?: string;
  model?: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  running: number;
  queued: number;
  throughput: number | null;
  eta_seconds: number | null;
  cost: string | null;
  estimated_cost?: string | null;
  errors: RowError[];
  dry_run?: boolean;
  created_at?: string;
}

export interface BatchCreate {
  template: number;
  version?: number;
  provider?: string;
  model?: string;
  params?: Record<string, unknown>;
  file: File;
  on_invalid: 'skip' | 'reject';
  dry_run: boolean;
}

export const FINISHED = ['succeeded', 'completed', 'failed', 'cancelled', 'partial', 'rejected'];
