/** The providers feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { BodyOf, Schemas } from '../../lib/apiTypes';

export type ProviderModel = Schemas['ModelPrice'];

export type ProviderHealth = 'closed' | 'open' | 'half_open';

export type Provider = Schemas['Provider'];

export type ProviderName = Schemas['ProviderEnum'];

export type ProviderCredential = Schemas['ProviderCredential'];

export type CredentialWrite = BodyOf<'provider_credentials_create'>;
