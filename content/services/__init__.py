"""Writes of the content app, split by concern: `items` (creation), `revisions` (edits, optimistic
locking, `edit_ratio`), `transitions` (the status machine and four eyes), `comments`, `projects`."""
