import { screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/**
 * Type `name` into the template picker (the one inside `scope`) and choose the template it finds,
 * as a person does whose template is not on the first page of the list.
 */
export async function typeAndChooseTemplate(user: UserEvent, name: string, scope: HTMLElement = document.body) {
  await user.type(within(scope).getByRole('combobox', { name: 'Template' }), name);
  await user.click(await screen.findByRole('option', { name: new RegExp(`^${name} \\(v\\d+\\)$`) }));
}
