import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { answer, API, apiError, page, renderWithProviders, server } from '../../testing';
import { ProjectPicker } from './index';

const PAGE_SIZE = 25;

/** 30 open projects, "Project 01" (id 201) to "Project 30" (id 230); the list answers the first page of those matching `search`. */
function serveManyProjects() {
  const projects = Array.from({ length: 30 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { id: 201 + i, workspace: 1, name: `Project ${n}`, slug: `project-${n}`, description: '', due_date: null, archived: false, created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z' };
  });
  server.use(
    http.get(`${API}/projects/`, ({ request }) => {
      const search = (new URL(request.url).searchParams.get('search') ?? '').toLowerCase();
      const matching = projects.filter((p) => p.name.toLowerCase().includes(search));
      return answer('projects_list', page(matching.slice(0, PAGE_SIZE), matching.length));
    }),
    http.get(`${API}/projects/:id/`, ({ params }) => {
      const project = projects.find((p) => p.id === Number(params.id));
      return project ? answer('projects_retrieve', project) : apiError(404, 'Not found.', {}, 'not_found');
    }),
  );
}

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
});
