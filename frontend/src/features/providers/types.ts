export interface ProviderModel {
  model: string;
  label: string;
  context_window: number | null;
  input_price_per_mtok: string | number | null;
  output_price_per_mtok: string | number | null;
}

export type ProviderHealth = 'closed' | 'open' | 'half_open';

export interface Provider {
  name: string;
  label: string;
  is_offline: boolean;
  configured: boolean;
  health: ProviderHealth;
  models: ProviderModel[];
}

export interface ProviderCredential {
  id: number;
  workspace: number;
  provider: string;
  base_url: string;
  api_key_last4: string;
  created_at: string;
}
