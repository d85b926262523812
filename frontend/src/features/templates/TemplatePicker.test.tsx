import { screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { answer, apiError, makeTemplate, page, renderWithProviders, serveQueries } from '../../testing';
import { TemplatePicker, useTemplateSearch, type Template } from './index';

function Harness() {
  const search = useTemplateSearch(1);
  const [value, setValue] = useState<Template | null>(null);
  return <TemplatePicker search={search} value={value} onChange={setValue} />;
}

describe('template picker', () => {
  it('says when the templates could not load, and opening the list asks again', async () => {
    let failing = true;
    const queries = serveQueries('/templates/', () => (failing ? apiError(503, 'Unavailable.', {}, 'unavailable') : answer('templates_list', page([makeTemplate()]))));
    const { user } = renderWithProviders(<Harness />);
    const picker = screen.getByRole('combobox', { name: 'Template' });
    await waitFor(() => expect(picker).toHaveAccessibleDescription('Could not load templates: open the list to try again.'));
    failing = false;
    await user.click(picker);
    expect(await screen.findByRole('option', { name: 'Blog post (v2)' })).toBeInTheDocument();
    expect(picker).not.toHaveAccessibleDescription();
    expect(queries.length).toBeGreaterThan(1);
  });
});
