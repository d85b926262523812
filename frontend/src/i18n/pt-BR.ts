/** Brazilian Portuguese, in a chunk of its own: the catalogue and the components' own texts. */
import { ptBR as material } from '@mui/material/locale';
import { ptBR as charts } from '@mui/x-charts/locales';

import type { Catalogue } from './messages';
import messages from './pt-BR.json';

export const CATALOGUE: Catalogue = { messages, components: [material, charts] };
