import { screen } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, makeTemplate, renderWithProviders, server } from '../../testing';
import { VersionCompareDialog } from './components/VersionCompareDialog';

const body = (n: number) => makeTemplate({}, { number: n, body: `Body of version ${n}.` }).current_version;

describe('version compare', () => {
  it('compares any two versions the user picks', async () => {
    server.use(http.get(`${API}/templates/1/versions/:number/`, ({ params }) => answer('templates_versions_retrieve', body(Number(params.number)))));
    const { user } = renderWithProviders(<VersionCompareDialog templateId={1} versions={[3, 2, 1]} initial={{ from: 1, to: 3 }} onClose={() => {}} />);
    expect(await screen.findByLabelText('Diff of Body')).toHaveTextContent('- Body of version 1.+ Body of version 3.');
    await user.click(screen.getByRole('combobox', { name: 'From' }));
    await user.click(await screen.findByRole('option', { name: 'v2' }));
    expect(await screen.findByText('Changes from v2 to v3')).toBeInTheDocument();
    expect(await screen.findByLabelText('Diff of Body')).toHaveTextContent('- Body of version 2.+ Body of version 3.');
  });
});
