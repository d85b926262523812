import { screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders, serveManyProjects } from '../../testing';
import { ProjectPicker } from './index';

function Harness({ initial = '' }: { initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <ProjectPicker workspace={1} value={value} onChange={setValue} />
      <output aria-label="Chosen">{value}</output>
    </>
  );
}

describe('project picker', () => {
  it('finds a project past the first page by typing its name, and says the first page is not all', async () => {
    serveManyProjects();
    const { user } = renderWithProviders(<Harness />);
    const picker = screen.getByRole('combobox', { name: 'Project' });
    await user.click(picker);
    expect(await screen.findByText('25 of 30 projects listed: type to narrow the search.')).toBeInTheDocument();
    expect(screen.getAllByRole('option')).toHaveLength(25);
    expect(screen.queryByRole('option', { name: 'Project 28' })).not.toBeInTheDocument();

    await user.type(picker, 'Project 28');
    await user.click(await screen.findByRole('option', { name: 'Project 28' }));
    expect(picker).toHaveValue('Project 28');
    expect(screen.getByRole('status', { name: 'Chosen' })).toHaveTextContent('228');
  });

  it('shows a preselected project past the first page by its name', async () => {
    serveManyProjects();
    renderWithProviders(<Harness initial="229" />);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Project' })).toHaveValue('Project 29'));
  });

  it('says when the preselected project cannot be loaded instead of showing an empty field', async () => {
    serveManyProjects();
    renderWithProviders(<Harness initial="999" />);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Project' })).toHaveAccessibleDescription('Project 999 could not be loaded: choose another.'));
  });
});
